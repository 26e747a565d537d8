import type { BuildOptions } from 'esbuild';

/** esbuild settings of every function bundle (scripts/build.mjs). */
export declare const BUNDLE_OPTIONS: BuildOptions;
