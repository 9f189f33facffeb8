import { z } from 'zod';
/** Every environment variable the server reads. The README documents each one. */
export declare const EnvSchema: z.ZodObject<{
    NODE_ENV: z.ZodDefault<z.ZodEnum<{
        development: "development";
        production: "production";
        test: "test";
    }>>;
    PORT: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    HOST: z.ZodDefault<z.ZodString>;
    DATA_DIR: z.ZodDefault<z.ZodString>;
    DATABASE_URL: z.ZodOptional<z.ZodString>;
    DATABASE_POOL_SIZE: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    PUBLIC_URL: z.ZodOptional<z.ZodURL>;
    APP_SECRET: z.ZodOptional<z.ZodString>;
    DEFAULT_TENANT: z.ZodDefault<z.ZodString>;
    DEMO_DATA: z.ZodOptional<z.ZodPipe<z.ZodEnum<{
        0: "0";
        1: "1";
        true: "true";
        false: "false";
        yes: "yes";
        no: "no";
    }>, z.ZodTransform<boolean, "0" | "1" | "true" | "false" | "yes" | "no">>>;
    RUN_WORKERS: z.ZodDefault<z.ZodPipe<z.ZodEnum<{
        0: "0";
        1: "1";
        true: "true";
        false: "false";
        yes: "yes";
        no: "no";
    }>, z.ZodTransform<boolean, "0" | "1" | "true" | "false" | "yes" | "no">>>;
    SMTP_URL: z.ZodOptional<z.ZodString>;
    MAIL_FROM: z.ZodDefault<z.ZodString>;
    LOG_LEVEL: z.ZodDefault<z.ZodEnum<{
        error: "error";
        fatal: "fatal";
        warn: "warn";
        info: "info";
        debug: "debug";
        trace: "trace";
        silent: "silent";
    }>>;
    COOKIE_SECURE: z.ZodDefault<z.ZodPipe<z.ZodEnum<{
        0: "0";
        1: "1";
        true: "true";
        false: "false";
        yes: "yes";
        no: "no";
    }>, z.ZodTransform<boolean, "0" | "1" | "true" | "false" | "yes" | "no">>>;
    TRUST_PROXY: z.ZodDefault<z.ZodPipe<z.ZodEnum<{
        0: "0";
        1: "1";
        true: "true";
        false: "false";
        yes: "yes";
        no: "no";
    }>, z.ZodTransform<boolean, "0" | "1" | "true" | "false" | "yes" | "no">>>;
    SESSION_TTL_HOURS: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    MAX_BODY_BYTES: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    LOCKOUT_THRESHOLD: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    LOCKOUT_MINUTES: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    SIGN_IN_IP_LIMIT: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    METRICS_TOKEN: z.ZodOptional<z.ZodString>;
    SHUTDOWN_TIMEOUT_MS: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    WORKER_CONCURRENCY: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    WORKER_POLL_MS: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
}, z.core.$strip>;
export interface Config {
    env: 'development' | 'production' | 'test';
    port: number;
    host: string;
    dataDir: string;
    databaseUrl: string | undefined;
    databasePoolSize: number;
    publicUrl: string;
    appSecret: string;
    defaultTenant: string;
    demoData: boolean;
    runWorkers: boolean;
    smtpUrl: string | undefined;
    mailFrom: string;
    logLevel: string;
    cookieSecure: boolean;
    trustProxy: boolean;
    sessionTtlHours: number;
    maxBodyBytes: number;
    lockoutThreshold: number;
    lockoutMinutes: number;
    signInIpLimit: number;
    metricsToken: string | undefined;
    shutdownTimeoutMs: number;
    workerConcurrency: number;
    workerPollMs: number;
}
export declare class ConfigError extends Error {
}
/** Parses the environment; a wrong value throws a ConfigError naming the variable. */
export declare function loadConfig(env?: NodeJS.ProcessEnv): Config;
