import type { BuildOptions } from 'esbuild';

/** esbuild settings of every function bundle (scripts/build.mjs). */
export declare const BUNDLE_OPTIONS: BuildOptions;

/** esbuild settings of one function: `entry` bundled to `outdir`/index.mjs, on-demand code in `outdir`/chunks/. */
export declare function splitOptions(entry: string, outdir: string): BuildOptions;
