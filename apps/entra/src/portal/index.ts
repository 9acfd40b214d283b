export { PortalController, PORTAL_CSP, PORTAL_DIR, portalCsp } from './portal.controller';
export { lookupPortalFile, resolvePortalDir } from './portal-files';
