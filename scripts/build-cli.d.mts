export declare const CLI_OUT: string;
export declare function cliStaleReason(): string | null;
export declare function buildCli(): Promise<void>;
export declare function ensureCli(): Promise<URL>;
