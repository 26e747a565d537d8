/** Keys of `T` whose values are functions returning a promise: the methods a deferred object can stand in for. */
type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof T];

/**
 * An object whose methods (all async) load the real implementation on the first call, then forward every
 * call to it. For adapters a deployed function never uses (the in-memory twins of a Lambda configured
 * without a table): `load` does an `import()`, so esbuild puts that code in chunks/, outside the cold start.
 */
export function deferred<T extends object>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  const methods = new Map<PropertyKey, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as T, {
    get(_target, name) {
      // Not a thenable: `await deferred(…)` must give the object back, not call a method named `then`.
      if (typeof name !== 'string' || name === 'then') return undefined;
      let method = methods.get(name);
      if (!method) {
        method = async (...args: unknown[]) => {
          loaded ??= load();
          const target = await loaded;
          return (target[name as AsyncMethods<T>] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
        methods.set(name, method);
      }
      return method;
    },
  });
}
