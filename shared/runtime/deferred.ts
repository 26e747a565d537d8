/** Keys of `T` whose values are functions returning a promise: the methods a deferred object can stand in for. */
type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof T];

/**
 * An object whose methods (all async) load the real implementation on the first call, then forward every
 * call to it. For adapters a deployed function never uses (the in-memory twins of a Lambda configured
 * without a table): `load` does an `import()`, so esbuild puts that code in chunks/, outside the cold start.
 * `methods` names every method (a record, so the compiler finds one missing): the object is a plain one with
 * those methods as its own, so a spread or a copy of it keeps them all (a Proxy, with no keys to spread, lost
 * every method a decorator did not override).
 */
export function deferred<T extends object>(load: () => Promise<T>, methods: Record<AsyncMethods<T>, true>): T {
  let loaded: Promise<T> | undefined;
  const object: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(methods)) {
    object[name] = async (...args: unknown[]) => {
      loaded ??= load();
      const target = await loaded;
      return (target[name as AsyncMethods<T>] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
    };
  }
  return object as T;
}
