/**
 * The shell's component kit as a module's screen sees it (context.kit, bundles/portal/KIT.md): the
 * contract the modules' front ends compile against. A module ships without imports (the kit arrives at
 * mount time), so its own `src/kit.ts` re-exports these types from here; the portal checks that its kit
 * (ui/kit.ts) fulfils this contract (pages/module.ts).
 */
export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
export type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';
export type AlertKind = 'info' | 'success' | 'error' | 'warning';

export interface DatePicker {
  root: HTMLElement;
  input: HTMLInputElement;
  startInput: HTMLInputElement | null;
  endInput: HTMLInputElement | null;
  /** The day as `YYYY-MM-DD`, or '' when empty or not a whole day. */
  value(): string;
  /** Times as `HH:MM` ('' when empty or not asked). */
  start(): string;
  end(): string;
  setValue(iso: string): void;
  /** Shows (or with null hides) an error under the field, linked with aria-describedby. */
  setError(message: string | null): void;
  /** Checks required, real day, min/max and the slot; shows the first problem; true when fine. */
  validate(): boolean;
}

export interface RichTextEditor {
  root: HTMLElement;
  value(): string;
  setValue(html: string): void;
  setError(message: string | null): void;
  validate(): boolean;
  focus(): void;
}

export interface UploadResult<T = unknown> { file: File; ok: boolean; answer?: T; error?: string }

export interface FilePicker {
  root: HTMLElement;
  input: HTMLInputElement;
  files(): File[];
  clear(): void;
  setError(message: string | null): void;
  validate(): boolean;
  /** `field`: multipart/form-data with the file under this name; without it the body is the file's bytes. */
  upload<T = unknown>(api: unknown, path: string | ((file: File) => string),
    options?: { method?: 'POST' | 'PUT'; field?: string; query?: Record<string, string | number | undefined> }): Promise<UploadResult<T>[]>;
}

export interface TextField {
  root: HTMLDivElement;
  input: HTMLInputElement;
  value(): string;
  setError(message: string | null): void;
}

export interface DialogAction<T> {
  label: string;
  value: T;
  variant?: Variant;
  icon?: string;
  onClick?: () => boolean | void | Promise<boolean | void>;
}

export type CellValue = string | number | Date | boolean | null | undefined;

export interface Column<R> {
  key: string;
  label: string;
  /** The value used to sort (and shown when there is no `render`). Default: row[key]. */
  value?: (row: R) => CellValue;
  /** What the cell shows (text, a link, a badge, buttons…). */
  render?: (row: R) => Child;
  sortable?: boolean;
  /** Numbers read better aligned to the right. */
  numeric?: boolean;
  /** This column names the row (a th scope=row): usually the first. */
  rowHeader?: boolean;
}

export interface DataTable<R> {
  root: HTMLElement;
  setRows(rows: R[]): void;
  sortBy(key: string, direction: 'ascending' | 'descending'): void;
}

export interface Kit {
  h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
  button(label: string, options?: { variant?: Variant; icon?: string; onClick?: (e: MouseEvent) => void; ariaLabel?: string; type?: 'button' | 'submit' }): HTMLButtonElement;
  withBusy<T>(b: HTMLButtonElement, busyLabel: string, work: () => Promise<T>): Promise<T>;
  textField(o: { label: string; name: string; type?: 'text' | 'search' | 'email'; hint?: string; required?: boolean; value?: string; inputmode?: string; maxlength?: number; autocomplete?: string }): TextField;
  alert(kind: AlertKind, message: Child, title?: string): HTMLDivElement;
  liveRegion(politeness?: 'polite' | 'assertive'): { root: HTMLDivElement; show(kind: AlertKind, message: string, title?: string): void; clear(): void };
  statusText(): { root: HTMLParagraphElement; say(text: string): void };
  emptyState(message: string, icon?: string): HTMLDivElement;
  skeleton(lines?: number): HTMLDivElement;
  confirmDialog(o: { title: string; message: string; confirmLabel: string; danger?: boolean }): Promise<boolean>;
  icon(name: string, size?: number): SVGElement;
  dialog<T>(o: { title: string; body?: Child | Child[]; actions?: DialogAction<T>[]; initialFocus?: HTMLElement; closeButton?: boolean }): { root: HTMLDialogElement; result: Promise<T | null>; close(value: T | null): void };
  toast(kind: AlertKind, message: string, options?: { title?: string; duration?: number; action?: { label: string; onClick: () => void | Promise<void> } }): { root: HTMLElement; close(): void };
  datePicker(o: { label: string; name: string; hint?: string; required?: boolean; value?: string; min?: string; max?: string; time?: 'time' | 'slot'; start?: string; end?: string }): DatePicker;
  richTextEditor(o: { label: string; name: string; hint?: string; value?: string; required?: boolean; maxLength?: number }): RichTextEditor;
  filePicker(o: { label: string; name: string; hint?: string; multiple?: boolean; accept?: string[]; maxSize?: number; maxFiles?: number; required?: boolean }): FilePicker;
  dataTable<R>(o: { caption: string; captionVisible?: boolean; columns: Column<R>[]; rows: R[]; empty: string; emptyIcon?: string; sort?: { key: string; direction: 'ascending' | 'descending' } }): DataTable<R>;
  sanitizeHtml(html: string): string;
  format: {
    day(iso: string | Date, options?: { year?: boolean }): string;
    sayDay(iso: string): string;
    time(hhmm: string): string;
    slot(start: string, end: string): string;
    relative(at: Date): string;
    size(bytes: number): string;
  };
}
