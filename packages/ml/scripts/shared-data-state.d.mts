export declare const SHARED_DATA: string;
export declare function sharedDataTestsRun(env?: NodeJS.ProcessEnv): boolean;
export declare function sharedDataSkipLine(env?: NodeJS.ProcessEnv): string | null;
