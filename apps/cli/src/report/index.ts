export * from './report';
export { toJUnitXml } from './junit';
export { toHtml } from './html';
export { maskSecrets, maskString, registerSecret } from './mask';
