/**
 * The part of the shell's component kit (context.kit, bundles/portal/KIT.md) this screen uses.
 * Declared here because the module ships without imports: the kit arrives at mount time.
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
  value(): string;
  start(): string;
  end(): string;
  setValue(iso: string): void;
  setError(message: string | null): void;
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

export interface UploadResult { file: File; ok: boolean; answer?: unknown; error?: string }

export interface FilePicker {
  root: HTMLElement;
  files(): File[];
  clear(): void;
  setError(message: string | null): void;
  validate(): boolean;
  upload(api: unknown, path: string | ((file: File) => string), options?: { method?: 'POST' | 'PUT'; field?: string }): Promise<UploadResult[]>;
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

export interface Kit {
  h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
  button(label: string, options?: { variant?: Variant; icon?: string; onClick?: (e: MouseEvent) => void; ariaLabel?: string; type?: 'button' | 'submit' }): HTMLButtonElement;
  withBusy<T>(b: HTMLButtonElement, busyLabel: string, work: () => Promise<T>): Promise<T>;
  textField(o: { label: string; name: string; type?: 'text' | 'search' | 'email'; hint?: string; required?: boolean; value?: string; inputmode?: string; maxlength?: number }): TextField;
  alert(kind: AlertKind, message: Child, title?: string): HTMLDivElement;
  liveRegion(politeness?: 'polite' | 'assertive'): { root: HTMLDivElement; show(kind: AlertKind, message: string, title?: string): void; clear(): void };
  statusText(): { root: HTMLParagraphElement; say(text: string): void };
  emptyState(message: string, icon?: string): HTMLDivElement;
  skeleton(lines?: number): HTMLDivElement;
  confirmDialog(o: { title: string; message: string; confirmLabel: string; danger?: boolean }): Promise<boolean>;
  icon(name: string, size?: number): SVGElement;
  dialog<T>(o: { title: string; body?: Child | Child[]; actions?: DialogAction<T>[]; initialFocus?: HTMLElement; closeButton?: boolean }): { root: HTMLDialogElement; result: Promise<T | null>; close(value: T | null): void };
  toast(kind: AlertKind, message: string, options?: { title?: string; duration?: number }): { root: HTMLElement; close(): void };
  datePicker(o: { label: string; name: string; hint?: string; required?: boolean; value?: string; min?: string; max?: string; time?: 'time' | 'slot'; start?: string; end?: string }): DatePicker;
  richTextEditor(o: { label: string; name: string; hint?: string; value?: string; required?: boolean; maxLength?: number }): RichTextEditor;
  filePicker(o: { label: string; name: string; hint?: string; multiple?: boolean; accept?: string[]; maxSize?: number; maxFiles?: number; required?: boolean }): FilePicker;
  sanitizeHtml(html: string): string;
  format: {
    day(iso: string, options?: { year?: boolean }): string;
    sayDay(iso: string): string;
    time(hhmm: string): string;
    slot(start: string, end: string): string;
    relative(at: Date): string;
    size(bytes: number): string;
  };
}
