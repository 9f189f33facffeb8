import { type AnyRoute } from '../../platform/http/route.js';
export declare const meRoutes: AnyRoute[];
