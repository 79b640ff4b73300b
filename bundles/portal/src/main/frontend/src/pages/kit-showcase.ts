/**
 * The component kit, shown to the referent (console, « Composants »): every piece a module may use,
 * working, with what it gives back. For reviewers and module authors (see bundles/portal/KIT.md).
 */
import type { App } from '../app.js';
import type { UploadOptions } from '../api.js';
import { h } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { kit } from '../ui/kit.js';
import { toIsoDate } from '../format.js';

function panel(id: string, title: string, iconName: string, intro: string, ...content: Node[]): HTMLElement {
  return h('section', { class: 'panel', 'aria-labelledby': id },
    h('h2', { id }, icon(iconName, 20), h('span', {}, title)),
    h('p', { class: 'hint' }, intro),
    h('div', { class: 'kit-demo' }, ...content));
}

/** An « upload » that only pretends (nothing leaves the browser), to show the progress bars. */
function pretendUpload<T>(_path: string, file: Blob, options: UploadOptions = {}): Promise<T> {
  return new Promise((resolve) => {
    let f = 0;
    const step = () => {
      f = Math.min(1, f + 0.25);
      options.onProgress?.(f);
      if (f < 1) window.setTimeout(step, 120); else resolve({ size: file.size } as T);
    };
    window.setTimeout(step, 120);
  });
}

interface Homework { subject: string; due: string; work: string; minutes: number }

export function kitShowcase(_app: App): HTMLElement {
  const today = new Date();
  const inDays = (n: number) => toIsoDate(new Date(today.getFullYear(), today.getMonth(), today.getDate() + n));

  // ------------------------------------------------------------------------------ buttons & fields
  const name = kit.textField({ label: 'Titre de la séance', name: 'titre', required: true, hint: 'Par exemple : Les fractions.' });
  const fieldsDemo = h('div', { class: 'kit-demo' },
    h('div', { class: 'actions' },
      kit.button('Enregistrer', { icon: 'circle-check' }),
      kit.button('Aperçu', { variant: 'secondary', icon: 'eye' }),
      kit.button('Plus tard', { variant: 'ghost' }),
      kit.button('Supprimer', { variant: 'danger', icon: 'trash' })),
    name.root,
    h('div', { class: 'actions' }, kit.button('Vérifier le champ', { variant: 'secondary', onClick: () => {
      name.setError(name.value().trim() ? null : 'Écrivez le titre de la séance.');
    } })));

  // ------------------------------------------------------------------------------ date picker
  const date = kit.datePicker({ label: 'Date de la séance', name: 'seance', required: true, time: 'slot', min: inDays(-30), max: inDays(180),
    value: inDays(1), start: '08:30', end: '09:25' });
  const due = kit.datePicker({ label: 'Pour le', name: 'pour-le', hint: 'Le jour où le travail est à rendre.' });
  const dateOut = h('p', { class: 'kit-output', 'data-testid': 'date-output' });
  const showDate = () => {
    if (!date.validate()) { dateOut.textContent = 'La date n’est pas valide.'; return; }
    dateOut.textContent = `Valeur : ${date.value()} de ${date.start()} à ${date.end()}, c’est-à-dire ${kit.format.sayDay(date.value())}, `
      + `${kit.format.slot(date.start(), date.end())}.`;
  };
  const datesPanel = panel('kit-dates', 'Date et horaire', 'calendar', 'kit.datePicker : le calendrier du téléphone ou de l’ordinateur, '
    + 'la date écrite en toutes lettres pour éviter les confusions, un horaire facultatif. La valeur est au format AAAA-MM-JJ.',
  date.root, due.root, h('div', { class: 'actions' }, kit.button('Lire la valeur', { variant: 'secondary', onClick: showDate })), dateOut);

  // ------------------------------------------------------------------------------ editor
  const editor = kit.richTextEditor({ label: 'Contenu de la séance', name: 'contenu', maxLength: 2000,
    hint: 'Ce que les élèves verront dans le cahier de textes.',
    value: '<p>Nous avons vu les <strong>fractions</strong> : lire, écrire, comparer.</p>' });
  const htmlOut = h('pre', { class: 'kit-output', 'data-testid': 'editor-output' });
  const editorPanel = panel('kit-editor', 'Éditeur de texte', 'pen-line', 'kit.richTextEditor : gras, italique, souligné, listes, '
    + 'liens (https, http ou mailto seulement), effacer la mise en forme. Le texte collé est nettoyé. Le code produit ne garde que '
    + 'p, br, strong, em, u, ul, ol, li et a ; le serveur du module doit tout de même nettoyer à son tour.',
  editor.root, h('div', { class: 'actions' }, kit.button('Voir le code HTML produit', { variant: 'secondary', onClick: () => {
    editor.validate();
    htmlOut.textContent = editor.value() || '(vide)';
  } })), htmlOut);

  // ------------------------------------------------------------------------------ file picker
  const files = kit.filePicker({ label: 'Pièces jointes', name: 'pieces', multiple: true, maxFiles: 5, maxSize: 5 * 1024 * 1024,
    accept: ['.pdf', '.odt', 'image/*'] });
  const filesPanel = panel('kit-files', 'Fichiers', 'paperclip', 'kit.filePicker : un bouton et une zone où déposer les fichiers, '
    + 'les formats et la taille dits à l’avance, chaque refus expliqué, une barre de progression par fichier pendant l’envoi '
    + '(ici simulé : rien ne quitte votre ordinateur).',
  files.root, h('div', { class: 'actions' }, kit.button('Envoyer (simulation)', { icon: 'upload', onClick: async () => {
    if (!files.validate()) return;
    if (files.files().length === 0) { kit.toast('info', 'Choisissez d’abord un fichier.'); return; }
    const results = await files.upload({ uploadWithProgress: pretendUpload }, 'demonstration');
    kit.toast('success', results.length === 1 ? 'Le fichier est envoyé.' : `Les ${results.length} fichiers sont envoyés.`);
  } })));

  // ------------------------------------------------------------------------------ toasts & dialog
  const toastsPanel = panel('kit-toasts', 'Messages et fenêtres', 'megaphone', 'kit.toast : un message qui s’efface seul (sauf les '
    + 'erreurs), qui reste tant que la souris ou le clavier est dessus. kit.dialog : une fenêtre qui garde le clavier jusqu’à sa '
    + 'fermeture (Échap pour fermer). kit.confirmDialog : demander avant une action.',
  h('div', { class: 'actions' },
    kit.button('Message de réussite', { variant: 'secondary', onClick: () => kit.toast('success', 'Séance enregistrée.') }),
    kit.button('Information', { variant: 'secondary', onClick: () => kit.toast('info', 'Le cahier de textes est à jour.') }),
    kit.button('Avertissement', { variant: 'secondary', onClick: () => kit.toast('warning', 'Deux devoirs sont prévus le même jour.') }),
    kit.button('Erreur', { variant: 'secondary', onClick: () => kit.toast('error', 'La séance n’a pas pu être enregistrée. Réessayez dans un instant.') })),
  h('div', { class: 'actions' },
    kit.button('Ouvrir une fenêtre', { variant: 'secondary', onClick: async () => {
      const note = kit.textField({ label: 'Votre note', name: 'note', required: true });
      const d = kit.dialog<string>({
        title: 'Ajouter une note', body: [h('p', {}, 'La note est visible par les élèves de la classe.'), note.root],
        actions: [
          { label: 'Annuler', value: 'non', variant: 'secondary' },
          { label: 'Ajouter', value: 'oui', onClick: () => {
            note.setError(note.value().trim() ? null : 'Écrivez la note.');
            return note.value().trim() !== '';
          } },
        ],
      });
      if ((await d.result) === 'oui') kit.toast('success', 'Note ajoutée.');
    } }),
    kit.button('Demander une confirmation', { variant: 'secondary', onClick: async () => {
      const yes = await kit.confirmDialog({ title: 'Supprimer cette séance ?', message: 'Elle ira dans la corbeille ; vous pourrez la restaurer.',
        confirmLabel: 'Supprimer', danger: true });
      kit.toast(yes ? 'success' : 'info', yes ? 'Séance mise à la corbeille.' : 'Rien n’a été supprimé.');
    } })));

  // ------------------------------------------------------------------------------ table
  const rows: Homework[] = [
    { subject: 'Mathématiques', due: inDays(1), work: 'Exercices 3 et 4 page 52', minutes: 20 },
    { subject: 'Français', due: inDays(3), work: 'Lire le chapitre 2', minutes: 30 },
    { subject: 'Éducation musicale', due: inDays(2), work: 'Apprendre le refrain', minutes: 10 },
    { subject: 'Histoire-géographie', due: inDays(7), work: 'Carte des fleuves de France', minutes: 45 },
  ];
  const table = kit.dataTable<Homework>({
    caption: 'Devoirs de la semaine', captionVisible: true, empty: 'Aucun devoir pour demain. Bonne soirée !',
    sort: { key: 'due', direction: 'ascending' },
    columns: [
      { key: 'subject', label: 'Matière', sortable: true, rowHeader: true },
      { key: 'due', label: 'Pour le', sortable: true, render: (r) => kit.format.sayDay(r.due) },
      { key: 'work', label: 'Travail' },
      { key: 'minutes', label: 'Durée (min)', sortable: true, numeric: true },
    ],
    rows,
  });
  const emptyTable = kit.dataTable<Homework>({ caption: 'Devoirs à rendre aujourd’hui', captionVisible: true, columns: [], rows: [],
    empty: 'Aucun devoir pour aujourd’hui. Bonne journée !' });
  const tablePanel = panel('kit-table', 'Tableaux', 'clipboard-list', 'kit.dataTable : un titre, des colonnes triables (bouton dans '
    + 'l’en-tête), un message quand la liste est vide. Sur téléphone, le tableau défile de côté.',
  table.root, emptyTable.root);

  return h('div', { class: 'kit-showcase' },
    h('section', { class: 'panel', 'aria-labelledby': 'kit-title' },
      h('h2', { id: 'kit-title' }, icon('component', 20), h('span', {}, 'Composants des services')),
      h('p', {}, 'Chaque service de Préau utilise ces composants : ainsi tout se ressemble et tout se manie au clavier. '
        + 'Cette page sert à les essayer ; rien n’y est enregistré.'),
      fieldsDemo),
    datesPanel, editorPanel, filesPanel, toastsPanel, tablePanel);
}
