import { type AnyRoute } from '../../platform/http/route.js';
export declare const staffRoutes: AnyRoute[];
