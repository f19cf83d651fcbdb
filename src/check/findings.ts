/** What the self-check's passes (./check.ts for XML, ./json.ts for JSON Feed) collect before a finding has its file. */

/** Findings per file beyond which the rest are counted, not listed: one broken serializer fails every item the same way. */
export const MAX_FINDINGS = 25;

/** A finding before it has a file: the rule (`field` of the diagnostic), where, which item. */
export interface Finding {
  rule: string;
  message: string;
  line?: number;
  column?: number;
  item?: ItemRef;
}

export interface ItemRef {
  /** 1-based, in document order. */
  position: number;
  id?: string;
}

export class Findings {
  readonly list: Finding[] = [];
  more = 0;
  add(finding: Finding): void {
    if (this.list.length < MAX_FINDINGS) this.list.push(finding);
    else this.more++;
  }
  get count(): number {
    return this.list.length + this.more;
  }
}
