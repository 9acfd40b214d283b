export { PreviewController } from './preview.controller';
export { PreviewService } from './preview.service';
export { JobSnapshots } from './preview-run';
