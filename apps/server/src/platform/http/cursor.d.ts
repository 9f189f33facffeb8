/** Opaque keyset-pagination cursors: stable while rows are added, unlike offsets. */
export declare function encodeCursor(values: string[]): string;
export declare function decodeCursor(cursor: string | undefined): string[] | null;
export type CursorPart = 'text' | 'uuid' | 'timestamp';
/**
 * The values of a cursor this server made for a list ordered by `parts`. A cursor that was
 * not (tampered, truncated, from another list) is a 400: its values go into SQL comparisons,
 * where a wrong type would be a database error.
 */
export declare function readCursor(cursor: string | undefined, parts: CursorPart[]): string[] | null;
