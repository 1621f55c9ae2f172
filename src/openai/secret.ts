/**
 * A secret (a new API key's value) that cannot slip into a log line, a JSON body or an error by
 * accident: it prints as `[secret]` everywhere, and only `reveal()` gives the value, which the
 * one place that shows it (the modal) calls. It lives only as long as the request that made it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[secret]';
  }
}
