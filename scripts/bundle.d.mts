// Types of scripts/bundle.mjs (plain JavaScript: it runs before anything is compiled).
/** The bundled command line's file URL, for import(). */
export declare function bundleUrl(root?: string): string;
/** True when the bundle exists and every file it was made of is unchanged since. */
export declare function bundleIsCurrent(root?: string): boolean;
/** Bundles the command line and its worker from the TypeScript sources under root. */
export declare function bundle(root?: string): Promise<void>;
