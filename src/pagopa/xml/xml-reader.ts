import { DomainError } from '../../kernel/errors';
import type { XmlElement } from './safe-xml';
import type { Check } from './xsd-types';

/**
 * Reads a parsed element against the shape its XSD declares and collects every problem with its path
 * (`receipt.transferList.transfer[2].transferAmount`), so one refusal lists all that is wrong.
 *
 * Errors make the document unusable (a required field is missing, an amount is malformed, a field is repeated).
 * Warnings are deviations that change nothing we read (an element we do not know, an empty optional element),
 * tolerated because pagoPA's own converters produce them; callers log them.
 * Children are matched by local name; a child in a namespace other than the expected one is a warning.
 */
export interface XmlIssue {
  path: string;
  message: string;
}

export class XmlContentError extends DomainError {
  constructor(
    readonly issues: readonly XmlIssue[],
    documentName = 'the document',
  ) {
    super(
      'XML_INVALID_CONTENT',
      `${documentName} does not match its schema: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      'invalid',
      issues[0]?.path,
      { issues },
    );
    this.name = 'XmlContentError';
  }
}

interface Log {
  errors: XmlIssue[];
  warnings: XmlIssue[];
}

export class XmlReader {
  private readonly seen = new Set<string>();

  private constructor(
    readonly element: XmlElement,
    readonly path: string,
    private readonly log: Log,
    /** The namespace children are expected in ('' for unqualified schemas such as paForNode.xsd). */
    private readonly childNs: string,
  ) {}

  static of(element: XmlElement, path: string, childNs = ''): XmlReader {
    return new XmlReader(element, path, { errors: [], warnings: [] }, childNs);
  }

  get errors(): readonly XmlIssue[] {
    return this.log.errors;
  }

  get warnings(): readonly XmlIssue[] {
    return this.log.warnings;
  }

  error(path: string, message: string): void {
    this.log.errors.push({ path, message });
  }

  warn(path: string, message: string): void {
    this.log.warnings.push({ path, message });
  }

  private childPath(name: string, index?: number): string {
    return `${this.path}.${name}${index === undefined ? '' : `[${index}]`}`;
  }

  private matching(name: string): XmlElement[] {
    this.seen.add(name);
    const found = this.element.children.filter((c) => c.name === name);
    for (const c of found) {
      if (c.ns !== this.childNs) {
        this.warn(this.childPath(name), `is in namespace "${c.ns}", expected ${this.childNs === '' ? 'no namespace' : `"${this.childNs}"`}`);
      }
    }
    return found;
  }

  private single(name: string, required: boolean): XmlElement | undefined {
    const found = this.matching(name);
    if (found.length > 1) {
      this.error(this.childPath(name), `appears ${found.length} times, at most once is allowed`);
      return undefined;
    }
    if (found.length === 0 && required) this.error(this.childPath(name), 'is required but missing');
    return found[0];
  }

  /** A required complex child; undefined (and an error recorded) when missing. */
  child(name: string): XmlReader | undefined {
    const c = this.single(name, true);
    return c && new XmlReader(c, this.childPath(name), this.log, this.childNs);
  }

  optionalChild(name: string): XmlReader | undefined {
    const c = this.single(name, false);
    return c && new XmlReader(c, this.childPath(name), this.log, this.childNs);
  }

  /** Repeated children, with occurrence bounds. Paths are 1-based: transfer[1] is the first. */
  children(name: string, bounds: { min?: number; max?: number } = {}): XmlReader[] {
    const found = this.matching(name);
    const min = bounds.min ?? 0;
    if (found.length < min) this.error(this.childPath(name), min === 1 ? 'at least one is required' : `at least ${min} are required, found ${found.length}`);
    if (bounds.max !== undefined && found.length > bounds.max) {
      this.error(this.childPath(name), `at most ${bounds.max} are allowed, found ${found.length}`);
    }
    return found.map((c, i) => new XmlReader(c, this.childPath(name, i + 1), this.log, this.childNs));
  }

  /**
   * A required simple value. When it is missing or invalid an error is recorded and a placeholder returned:
   * callers must call finish() before using the result, which throws if anything was recorded.
   */
  value<T>(name: string, check: Check<T>): T {
    const c = this.single(name, true);
    if (c === undefined) return undefined as unknown as T;
    if (c.children.length > 0) {
      this.error(this.childPath(name), 'must hold a value, not elements');
      return undefined as unknown as T;
    }
    const r = check(c.text.trim());
    if (!r.ok) {
      this.error(this.childPath(name), r.message);
      return undefined as unknown as T;
    }
    return r.value;
  }

  /** An optional simple value. An empty element counts as absent (warning): XSD would refuse it, it says nothing. */
  optionalValue<T>(name: string, check: Check<T>): T | undefined {
    const c = this.single(name, false);
    if (c === undefined) return undefined;
    if (c.children.length > 0) {
      this.error(this.childPath(name), 'must hold a value, not elements');
      return undefined;
    }
    const raw = c.text.trim();
    if (raw === '') {
      this.warn(this.childPath(name), 'is empty; treated as absent');
      return undefined;
    }
    const r = check(raw);
    if (!r.ok) {
      this.error(this.childPath(name), r.message);
      return undefined;
    }
    return r.value;
  }

  /**
   * Call after reading every child the schema declares: children never asked for are reported as warnings.
   * `alsoKnown` lists names the schema allows but the caller deliberately does not read.
   */
  reportUnexpected(alsoKnown: readonly string[] = []): void {
    const reported = new Set<string>();
    for (const c of this.element.children) {
      if (this.seen.has(c.name) || alsoKnown.includes(c.name) || reported.has(c.name)) continue;
      reported.add(c.name);
      this.warn(this.childPath(c.name), 'is not part of the schema here; ignored');
    }
  }

  /** Throws XmlContentError listing every error collected by this reader and the readers derived from it. */
  finish(documentName?: string): void {
    if (this.log.errors.length > 0) throw new XmlContentError(this.log.errors, documentName);
  }
}
