export declare const hashPassword: (password: string) => Promise<string>;
export declare function verifyPassword(stored: string, password: string): Promise<boolean>;
export declare function burnPasswordCheck(password: string): Promise<void>;
