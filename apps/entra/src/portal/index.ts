export { PortalController, PORTAL_CSP, PORTAL_DIR } from './portal.controller';
export { lookupPortalFile, resolvePortalDir } from './portal-files';
