/**
 * The shell's component kit (context.kit): its types come from the contract the portal keeps
 * (bundles/portal/src/main/frontend/src/module-kit.d.ts, see bundles/portal/KIT.md). Types only: the
 * module ships without imports, the kit arrives at mount time.
 */
export type {
  AlertKind, Attrs, CellValue, Child, Column, DataTable, DatePicker, DialogAction, FilePicker, Kit, RichTextEditor, TextField,
  UploadResult, Variant,
} from '../../../../../portal/src/main/frontend/src/module-kit.js';
