import type { AnyRoute } from './route.js';
/** Builds /api/openapi.json from the same zod schemas that check every request. */
export declare class OpenApiRegistry {
    private readonly routes;
    add(route: AnyRoute): void;
    document(info: {
        title: string;
        version: string;
        serverUrl: string;
    }): {
        openapi: string;
        info: {
            title: string;
            version: string;
        };
        servers: {
            url: string;
        }[];
        paths: Record<string, Record<string, unknown>>;
        components: {
            securitySchemes: {
                session: {
                    type: string;
                    in: string;
                    name: string;
                    description: string;
                };
            };
            schemas: {
                Problem: {
                    type: string;
                    required: string[];
                    properties: {
                        type: {
                            type: string;
                        };
                        title: {
                            type: string;
                        };
                        status: {
                            type: string;
                        };
                        detail: {
                            type: string;
                        };
                        code: {
                            type: string;
                        };
                        requestId: {
                            type: string;
                        };
                        errors: {
                            type: string;
                            items: {
                                type: string;
                                properties: {
                                    path: {
                                        type: string;
                                    };
                                    message: {
                                        type: string;
                                    };
                                };
                            };
                        };
                    };
                };
            };
        };
    };
    private parameters;
}
