import { UploadsPageController } from './uploads.controller.js';

/** The page controllers of this area, registered through page-controllers.ts. */
export const UPLOAD_PAGE_CONTROLLERS: (new (...args: never[]) => unknown)[] = [UploadsPageController];
