export declare const PACKAGE_DIR: string;
export declare const ADDON_PATH: string;
export declare const BUILD_COMMAND: string;
export declare function addonState(): { built: true } | { built: false; reason: string };
export declare function onednnSkipLine(env?: NodeJS.ProcessEnv): string | null;
export declare function recordNotBuilt(reason: string): void;
export declare function recordBuilt(): void;
