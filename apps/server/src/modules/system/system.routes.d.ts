import { type AnyRoute } from '../../platform/http/route.js';
import type { Mailer } from '../../platform/notify/mailer.js';
/** Admin views of the platform itself: the demo mail catcher and the dead-letter jobs. */
export declare function systemRoutes(mailer: Mailer): AnyRoute[];
