/**
 * A small evaluator of DynamoDB condition, key-condition and update expressions, enough for the state
 * store's: OR/AND/NOT, parentheses, comparisons, attribute_exists/attribute_not_exists, begins_with,
 * `SET a = if_not_exists(a, :v)`, `SET a = b + :v`, `ADD n :v`, `REMOVE a`. Unknown syntax throws.
 */

// biome-ignore lint/suspicious/noExplicitAny: items are heterogeneous JSON documents.
export type Item = Record<string, any>;

/** Names and values of one request, and the aliases its expressions used (DynamoDB rejects unused ones). */
export interface ExpressionContext {
  names: Record<string, string>;
  values: Record<string, unknown>;
  used: Set<string>;
}

const TOKEN = /\s*(<>|<=|>=|[=<>(),.+-]|#\w+|:\w+|[A-Za-z_]\w*)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const match = TOKEN.exec(text);
    if (!match?.[1]) throw new Error(`cannot read expression at "${text.slice(TOKEN.lastIndex)}"`);
    tokens.push(match[1]);
  }
  return tokens;
}

type Operand = (item: Item | undefined) => unknown;

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: string[],
    private readonly ctx: ExpressionContext,
  ) {}

  peek = (): string | undefined => this.tokens[this.at];
  done = (): boolean => this.at >= this.tokens.length;
  next(expected?: string): string {
    const token = this.tokens[this.at++];
    if (token === undefined || (expected !== undefined && token.toUpperCase() !== expected)) {
      throw new Error(`expected ${expected ?? 'a token'}, found ${token ?? 'the end'}`);
    }
    return token;
  }
  /** Consumes the token when it is `word` (case-insensitive). */
  keyword(word: string): boolean {
    if (this.peek()?.toUpperCase() !== word) return false;
    this.at += 1;
    return true;
  }

  path(): string[] {
    const names = [this.name(this.next())];
    while (this.peek() === '.') {
      this.next();
      names.push(this.name(this.next()));
    }
    return names;
  }
  private name(token: string): string {
    if (!token.startsWith('#')) return token;
    this.ctx.used.add(token);
    const name = this.ctx.names[token];
    if (name === undefined) throw new Error(`${token} is not in ExpressionAttributeNames`);
    return name;
  }

  operand(): Operand {
    const token = this.peek();
    if (token?.startsWith(':')) {
      this.next();
      this.ctx.used.add(token);
      if (!(token in this.ctx.values)) throw new Error(`${token} is not in ExpressionAttributeValues`);
      const value = this.ctx.values[token];
      return () => value;
    }
    if (token === 'if_not_exists') {
      this.next();
      this.next('(');
      const path = this.path();
      this.next(',');
      const fallback = this.operand();
      this.next(')');
      return (item) => read(item, path) ?? fallback(item);
    }
    const path = this.path();
    return (item) => read(item, path);
  }

  condition(): (item: Item | undefined) => boolean {
    let left = this.conjunction();
    while (this.keyword('OR')) {
      const [a, b] = [left, this.conjunction()];
      left = (item) => a(item) || b(item);
    }
    return left;
  }
  private conjunction(): (item: Item | undefined) => boolean {
    let left = this.negation();
    while (this.keyword('AND')) {
      const [a, b] = [left, this.negation()];
      left = (item) => a(item) && b(item);
    }
    return left;
  }
  private negation(): (item: Item | undefined) => boolean {
    if (this.keyword('NOT')) {
      const inner = this.negation();
      return (item) => !inner(item);
    }
    return this.primary();
  }
  private primary(): (item: Item | undefined) => boolean {
    if (this.peek() === '(') {
      this.next();
      const inner = this.condition();
      this.next(')');
      return inner;
    }
    const fn = this.peek();
    if (fn === 'attribute_exists' || fn === 'attribute_not_exists' || fn === 'begins_with') {
      this.next();
      this.next('(');
      const path = this.path();
      let prefix: Operand | undefined;
      if (fn === 'begins_with') {
        this.next(',');
        prefix = this.operand();
      }
      this.next(')');
      if (fn === 'attribute_exists') return (item) => read(item, path) !== undefined;
      if (fn === 'attribute_not_exists') return (item) => read(item, path) === undefined;
      return (item) => {
        const [value, start] = [read(item, path), prefix?.(item)];
        return typeof value === 'string' && typeof start === 'string' && value.startsWith(start);
      };
    }
    const left = this.operand();
    const op = this.next();
    const right = this.operand();
    return (item) => compare(op, left(item), right(item));
  }
}

function read(item: Item | undefined, path: string[]): unknown {
  let value: unknown = item;
  for (const name of path) value = value && typeof value === 'object' ? (value as Item)[name] : undefined;
  return value;
}

// Comparisons with a missing attribute or across types are false, as in DynamoDB.
function compare(op: string, a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined || typeof a !== typeof b) return false;
  if (op === '=') return a === b;
  if (op === '<>') return a !== b;
  if (typeof a !== 'number' && typeof a !== 'string') return false;
  const [x, y] = [a as number | string, b as number | string];
  if (op === '<') return x < y;
  if (op === '<=') return x <= y;
  if (op === '>') return x > y;
  if (op === '>=') return x >= y;
  throw new Error(`unknown comparator ${op}`);
}

/** Compiles a condition or key-condition expression into a predicate over an item (undefined: absent). */
export function compileCondition(text: string, ctx: ExpressionContext): (item: Item | undefined) => boolean {
  const parser = new Parser(tokenize(text), ctx);
  const predicate = parser.condition();
  if (!parser.done()) throw new Error(`unexpected "${parser.peek()}" in condition`);
  return predicate;
}

/** Compiles an update expression into a function that returns the updated copy of an item. */
export function compileUpdate(text: string, ctx: ExpressionContext): (item: Item) => Item {
  const parser = new Parser(tokenize(text), ctx);
  const steps: Array<(before: Item, after: Item) => void> = [];
  while (!parser.done()) {
    const clause = parser.next().toUpperCase();
    do {
      const path = parser.path();
      const key = path.join('.');
      if (path.length !== 1) throw new Error(`nested update paths are not supported (${key})`);
      if (clause === 'REMOVE') steps.push((_, after) => delete after[key]);
      else if (clause === 'ADD') {
        const value = parser.operand();
        steps.push((before, after) => {
          after[key] = ((before[key] as number | undefined) ?? 0) + (value(before) as number);
        });
      } else if (clause === 'SET') {
        parser.next('=');
        const first = parser.operand();
        const sign = parser.peek() === '+' || parser.peek() === '-' ? parser.next() : undefined;
        const second = sign ? parser.operand() : undefined;
        steps.push((before, after) => {
          const a = first(before);
          after[key] = second ? (a as number) + (sign === '-' ? -1 : 1) * (second(before) as number) : a;
        });
      } else throw new Error(`unsupported update clause ${clause}`);
    } while (parser.keyword(','));
  }
  return (item) => {
    const after = structuredClone(item);
    for (const step of steps) step(item, after);
    return after;
  };
}

/** Throws like DynamoDB when a request carries names or values its expressions never used. */
export function assertAllUsed(ctx: ExpressionContext): void {
  const unused = [...Object.keys(ctx.names), ...Object.keys(ctx.values)].filter((alias) => !ctx.used.has(alias));
  if (unused.length > 0) throw new Error(`unused in expressions: ${unused.join(', ')}`);
}
