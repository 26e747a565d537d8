/** Where a JSON text first goes wrong: 1-based line and column, and what was found there. */
export interface JsonErrorPlace {
  line: number;
  column: number;
  found: string;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

class Stop {
  constructor(readonly offset: number) {}
}

/**
 * Finds the first offset at which `text` stops being JSON (V8's messages give no line, and quote the
 * input, control bytes included). Undefined when the text is valid JSON.
 */
export function findJsonError(text: string): JsonErrorPlace | undefined {
  let at = 0;
  const skip = () => {
    while (at < text.length && WHITESPACE.has(text[at] as string)) at++;
  };
  const expect = (char: string) => {
    if (text[at] !== char) throw new Stop(at);
    at++;
  };
  const string = () => {
    expect('"');
    while (at < text.length && text[at] !== '"') {
      const code = text.charCodeAt(at);
      if (code < 0x20) throw new Stop(at);
      if (text[at] === '\\') {
        at++;
        if (text[at] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) throw new Stop(at);
          at += 4;
        } else if (!'"\\/bfnrt'.includes(text[at] ?? 'x')) throw new Stop(at);
      }
      at++;
    }
    expect('"');
  };
  const sticky = (pattern: RegExp) => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) throw new Stop(at);
    at += match[0].length;
  };
  // Iterative over containers, so 20,000 levels of nesting cannot overflow the stack.
  const closers: string[] = [];
  const value = () => {
    skip();
    const char = text[at];
    if (char === '{' || char === '[') {
      at++;
      skip();
      if (text[at] === (char === '{' ? '}' : ']')) {
        at++;
        return;
      }
      closers.push(char === '{' ? '}' : ']');
      if (char === '{') member();
      return 'open';
    }
    if (char === '"') return string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return sticky(NUMBER);
    return sticky(LITERAL);
  };
  const member = () => {
    skip();
    string();
    skip();
    expect(':');
  };
  try {
    let opened = value();
    while (opened === 'open' || closers.length > 0) {
      if (opened !== 'open') {
        skip();
        const closer = closers.at(-1) as string;
        if (text[at] === ',') {
          at++;
          if (closer === '}') member();
        } else {
          expect(closer);
          closers.pop();
          opened = undefined;
          continue;
        }
      }
      opened = value();
    }
    skip();
    if (at < text.length) throw new Stop(at);
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return place(text, error.offset);
  }
}

function place(text: string, offset: number): JsonErrorPlace {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  const char = text[offset];
  const found =
    char === undefined
      ? 'end of input'
      : /[\p{L}\p{N}\p{P}\p{S}]/u.test(char)
        ? `"${char}"`
        : `character U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { line, column, found };
}
