/**
 * The icons the shell and modules may use: Lucide, bundled (imported one by one so the bundle
 * keeps only these). A module names its icon in its catalogue entry, e.g. `book-open`;
 * unknown names fall back to a neutral grid.
 */
import {
  createElement, type IconNode,
  Bell, BookOpen, BookOpenCheck, Briefcase, Bus, Calendar, CalendarDays, ChartColumn, ChevronLeft, ChevronRight, CircleAlert,
  CircleCheck, Download, LockOpen, Printer, Upload,
  CircleUserRound, ClipboardCheck, ClipboardList, Clock, Eye, EyeOff, FileText, Folder, FolderOpen, GraduationCap,
  House, Image, Inbox, Info, KeyRound, LayoutGrid, Library, Link, LogOut, Mail, Megaphone, MessageSquare,
  MessagesSquare, Music, Newspaper, NotebookPen, Palette, PenLine, School, Search, Settings, ShieldCheck, Sparkles,
  TriangleAlert, User, Users, Utensils, Video, Wrench, X, Star, Trash, Camera, CheckCheck,
} from 'lucide';
import {
  ArrowDown, ArrowUp, ArrowUpDown, Bold, CloudUpload, Component, File as FileIcon, Italic, List, ListOrdered, Paperclip, RemoveFormatting,
  Underline,
} from 'lucide';
import { Activity, ArrowLeft, ArrowRight, HardDrive, UserCheck, UserPlus, UserX } from 'lucide';
import { Plug, RefreshCw } from 'lucide';
import {
  Copy, Ellipsis, FileArchive, FileAudio, FileImage, FileSpreadsheet, FileVideo, FolderInput, FolderPlus, Pencil, Presentation,
  RotateCcw,
} from 'lucide';

const ICONS: Record<string, IconNode> = {
  bell: Bell,
  'book-open': BookOpen,
  'book-open-check': BookOpenCheck,
  briefcase: Briefcase,
  bus: Bus,
  calendar: Calendar,
  'calendar-days': CalendarDays,
  'chart-column': ChartColumn,
  'chevron-left': ChevronLeft,
  'chevron-right': ChevronRight,
  'bar-chart': ChartColumn,
  'circle-alert': CircleAlert,
  'circle-check': CircleCheck,
  'circle-user-round': CircleUserRound,
  'clipboard-check': ClipboardCheck,
  'clipboard-list': ClipboardList,
  clock: Clock,
  eye: Eye,
  'eye-off': EyeOff,
  download: Download,
  'file-text': FileText,
  folder: Folder,
  'folder-open': FolderOpen,
  'graduation-cap': GraduationCap,
  house: House,
  home: House,
  image: Image,
  inbox: Inbox,
  info: Info,
  'key-round': KeyRound,
  'layout-grid': LayoutGrid,
  library: Library,
  link: Link,
  'lock-open': LockOpen,
  'log-out': LogOut,
  mail: Mail,
  megaphone: Megaphone,
  'message-square': MessageSquare,
  'messages-square': MessagesSquare,
  music: Music,
  newspaper: Newspaper,
  'notebook-pen': NotebookPen,
  palette: Palette,
  'pen-line': PenLine,
  printer: Printer,
  school: School,
  search: Search,
  settings: Settings,
  'shield-check': ShieldCheck,
  sparkles: Sparkles,
  'triangle-alert': TriangleAlert,
  star: Star,
  trash: Trash,
  camera: Camera,
  'check-check': CheckCheck,
  upload: Upload,
  user: User,
  users: Users,
  utensils: Utensils,
  video: Video,
  wrench: Wrench,
  x: X,
};

// The component kit's editor, file picker and tables.
Object.assign(ICONS, {
  bold: Bold, italic: Italic, underline: Underline, list: List, 'list-ordered': ListOrdered,
  'remove-formatting': RemoveFormatting, paperclip: Paperclip, 'cloud-upload': CloudUpload, file: FileIcon,
  'arrow-up': ArrowUp, 'arrow-down': ArrowDown, 'arrow-up-down': ArrowUpDown, component: Component,
} satisfies Record<string, IconNode>);

// The console's accounts and health.
Object.assign(ICONS, {
  activity: Activity, 'arrow-left': ArrowLeft, 'arrow-right': ArrowRight, 'hard-drive': HardDrive, 'user-check': UserCheck, 'user-plus': UserPlus, 'user-x': UserX,
} satisfies Record<string, IconNode>);

// The console's LDAP sync.
Object.assign(ICONS, { plug: Plug, 'refresh-cw': RefreshCw } satisfies Record<string, IconNode>);

// The documents (files module): kinds of files and what one does with them.
Object.assign(ICONS, {
  copy: Copy, ellipsis: Ellipsis, 'file-archive': FileArchive, 'file-audio': FileAudio, 'file-image': FileImage,
  'file-spreadsheet': FileSpreadsheet, 'file-video': FileVideo, 'folder-input': FolderInput, 'folder-plus': FolderPlus,
  pencil: Pencil, presentation: Presentation, 'rotate-ccw': RotateCcw,
} satisfies Record<string, IconNode>);

/** Names a module may use in its catalogue entry. */
export const ICON_NAMES: readonly string[] = Object.keys(ICONS);

/** A decorative icon (hidden from assistive technology: the text next to it says it all). */
export function icon(name: string, size = 20): SVGElement {
  const node = ICONS[name] ?? LayoutGrid;
  const svg = createElement(node, {
    width: size,
    height: size,
    'stroke-width': 2,
    'aria-hidden': 'true',
    focusable: 'false',
    class: 'icon',
  });
  return svg;
}
