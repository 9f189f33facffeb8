import type { CapabilityStatement } from './types.js';
/** What the door really does, built from the same registry the search code uses. */
export declare function capabilityStatement(base: string, smart: boolean): CapabilityStatement;
