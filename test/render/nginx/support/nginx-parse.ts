/**
 * A test double (stand-in) for nginx's tokenizer: a TypeScript port of ngx_conf_read_token in
 * src/core/ngx_conf_file.c. Words end at whitespace, ';' or '{' ('{' right after '$' is part of a `${var}`); '"' and "'" start
 * quoted words; '\' escapes the next character, and in the final value `\"`, `\'`, `\\` lose the
 * backslash while `\t`, `\r`, `\n` become the control character; '#' at a word start comments to the
 * end of the line. Used to prove that printed text parses back into exactly the model's directives, for
 * thousands of strings where starting nginx for each would be too slow; the real nginx reads the same
 * configs in the golden, fuzz and printer tests (`nginx -t`, and values served back by a live nginx).
 */
export interface ParsedDirective {
  readonly name: string;
  readonly args: string[];
  readonly block?: ParsedDirective[];
}

class Tokens {
  private pos = 0;
  constructor(private readonly text: string) {}

  /** The next token: a word (quoted or not) or one of ';', '{', '}'; undefined at the end. */
  next(): { value: string; word: boolean } | undefined {
    this.skipSpaceAndComments();
    if (this.pos >= this.text.length) return undefined;
    const ch = this.text[this.pos]!;
    if (ch === ";" || ch === "{" || ch === "}") {
      this.pos += 1;
      return { value: ch, word: false };
    }
    if (ch === '"' || ch === "'") return { value: this.quoted(ch), word: true };
    return { value: this.bare(), word: true };
  }

  private skipSpaceAndComments(): void {
    for (;;) {
      while (this.pos < this.text.length && /[ \t\r\n]/.test(this.text[this.pos]!)) this.pos += 1;
      if (this.text[this.pos] !== "#") return;
      while (this.pos < this.text.length && this.text[this.pos] !== "\n") this.pos += 1;
    }
  }

  private quoted(quote: string): string {
    const start = ++this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== quote) this.pos += this.text[this.pos] === "\\" ? 2 : 1;
    if (this.pos >= this.text.length) throw new Error(`unterminated ${quote} string at ${start}`);
    const raw = this.text.slice(start, this.pos);
    this.pos += 1;
    const after = this.text[this.pos];
    if (after !== undefined && !/[ \t\r\n;{)]/.test(after))
      throw new Error(`unexpected "${after}" after a quoted word at ${this.pos}`);
    return unescape(raw);
  }

  private bare(): string {
    const start = this.pos;
    let variable = false;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === "{" && variable) {
        this.pos += 1;
        continue;
      }
      variable = ch === "$";
      if (ch === "\\") {
        this.pos += 2;
        continue;
      }
      if (/[ \t\r\n;{]/.test(ch)) break;
      this.pos += 1;
    }
    return unescape(this.text.slice(start, this.pos));
  }
}

function unescape(raw: string): string {
  return raw.replace(/\\(.)/gs, (whole, c: string) => {
    if (c === '"' || c === "'" || c === "\\") return c;
    if (c === "t") return "\t";
    if (c === "r") return "\r";
    if (c === "n") return "\n";
    return whole;
  });
}

function parseBlock(tokens: Tokens, inBlock: boolean): ParsedDirective[] {
  const out: ParsedDirective[] = [];
  let words: string[] = [];
  for (;;) {
    const token = tokens.next();
    if (token === undefined) {
      if (inBlock || words.length > 0) throw new Error("unexpected end of file");
      return out;
    }
    if (!token.word && token.value === ";") {
      if (words.length === 0) throw new Error("empty directive");
      out.push({ name: words[0]!, args: words.slice(1) });
      words = [];
    } else if (!token.word && token.value === "{") {
      if (words.length === 0) throw new Error("block without a name");
      out.push({ name: words[0]!, args: words.slice(1), block: parseBlock(tokens, true) });
      words = [];
    } else if (!token.word && token.value === "}") {
      if (!inBlock || words.length > 0) throw new Error("unexpected }");
      return out;
    } else {
      words.push(token.value);
    }
  }
}

export function parseNginxConfig(text: string): ParsedDirective[] {
  return parseBlock(new Tokens(text), false);
}
