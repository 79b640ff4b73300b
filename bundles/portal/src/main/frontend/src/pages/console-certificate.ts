/**
 * The box's certificate in « État de la box »: what it is (provisional, made by the box; or the
 * school's, issued by an authority), until when, for which names; the referent replaces it with
 * the school's (certificate + key in PEM, or a PKCS#12 file with its password). The box checks
 * everything again and keeps the old one when the new one is refused.
 */
import type { App } from '../app.js';
import { formatDay } from '../format.js';
import { h, clear } from '../ui/dom.js';
import { filePicker } from '../ui/filepicker.js';
import { icon } from '../ui/icons.js';
import { alert, button, liveRegion, skeleton, textField, withBusy } from '../ui/kit.js';
import { toast } from '../ui/toast.js';
import { showProblem } from './forms.js';

export interface CertificateDto {
  subject: string; issuer: string; names: string[]; notBefore: string; notAfter: string; sha256: string;
  selfSigned: boolean; chainLength: number; httpsPort: number; restarting: boolean;
}

/** Largest file the box accepts for a certificate, a key or a PKCS#12 file. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** « CN=ent.college.fr, O=Collège » → « ent.college.fr »; the whole name when it has no CN. */
export function commonName(dn: string): string {
  const m = /(?:^|,)\s*CN=([^,]+)/.exec(dn);
  return m ? m[1].trim() : dn;
}

/** Days left before `notAfter` (negative once expired), counted from `now`. */
export function daysLeft(notAfter: string, now: Date = new Date()): number {
  return Math.floor((new Date(notAfter).getTime() - now.getTime()) / 86_400_000);
}

/** What the referent reads about the certificate's end. */
export function validityText(c: Pick<CertificateDto, 'notAfter'>, now: Date = new Date()): string {
  const left = daysLeft(c.notAfter, now);
  const day = formatDay(new Date(c.notAfter), { year: true });
  if (left < 0) return `Expiré depuis le ${day}`;
  if (left === 0) return `Expire aujourd’hui (${day})`;
  return `Jusqu’au ${day} (encore ${left} jour${left > 1 ? 's' : ''})`;
}

/** The text of a file, or its bytes in base64 (PKCS#12). */
function readText(file: File): Promise<string> {
  return file.text();
}

async function readBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function certificateSection(app: App, referent: boolean): HTMLElement {
  const status = liveRegion('polite');
  const body = h('div', {}, skeleton(3));

  const render = (c: CertificateDto) => {
    clear(body);
    const left = daysLeft(c.notAfter);
    if (c.selfSigned) {
      body.append(alert('info', 'La box utilise le certificat provisoire qu’elle a créé à son premier démarrage : '
        + 'les navigateurs demandent une confirmation la première fois. Installez le certificat de l’établissement '
        + '(fourni par l’académie ou votre prestataire) pour que chacun se connecte sans avertissement.', 'Certificat provisoire'));
    } else if (left < 30) {
      body.append(alert('warning', `${validityText(c)} : demandez-en un nouveau à votre fournisseur et installez-le ici.`, 'Certificat bientôt expiré'));
    }
    const dl = h('dl', { class: 'facts' });
    const fact = (term: string, value: string | Node) => dl.append(h('dt', {}, term), h('dd', {}, value));
    fact('Nom', commonName(c.subject));
    if (c.names.length) fact('Adresses couvertes', c.names.join(', '));
    fact('Délivré par', c.selfSigned ? 'la box elle-même (provisoire)' : commonName(c.issuer));
    fact('Validité', validityText(c));
    fact('Empreinte SHA-256', h('span', { class: 'code fingerprint' }, c.sha256));
    if (c.httpsPort > 0) fact('Port HTTPS', String(c.httpsPort));
    body.append(dl);
  };

  const load = async () => {
    try {
      render(await app.api.get<CertificateDto>('admin/certificate'));
    } catch (e) {
      clear(body);
      showProblem(status, e);
    }
  };
  void load();

  const section = h('section', { class: 'panel', 'aria-labelledby': 'certificate-title' },
    h('h3', { id: 'certificate-title', class: 'panel-title' }, icon('key-round', 20), h('span', {}, 'Certificat HTTPS de la box')),
    status.root, body);
  if (referent) section.append(replaceForm(app, (c) => { render(c); }));
  return section;
}

function replaceForm(app: App, done: (c: CertificateDto) => void): HTMLElement {
  const status = liveRegion('assertive');
  const kindName = 'certificate-kind';
  const pemChoice = h('input', { type: 'radio', name: kindName, id: 'certificate-kind-pem', value: 'pem', checked: true });
  const p12Choice = h('input', { type: 'radio', name: kindName, id: 'certificate-kind-p12', value: 'p12' });
  const kinds = h('fieldset', { class: 'choices' },
    h('legend', { class: 'label' }, 'Forme des fichiers reçus'),
    h('div', { class: 'choice' }, pemChoice, h('label', { for: 'certificate-kind-pem' }, 'Un certificat et sa clé privée (fichiers .pem, .crt, .key)')),
    h('div', { class: 'choice' }, p12Choice, h('label', { for: 'certificate-kind-p12' }, 'Un seul fichier PKCS#12 (.p12 ou .pfx) avec son mot de passe')));

  const rules = { maxSize: MAX_CERTIFICATE_BYTES };
  const certificate = filePicker({ label: 'Certificat', name: 'certificate', required: true, accept: ['.pem', '.crt', '.cer'], ...rules,
    hint: 'Le certificat de la box, suivi des certificats intermédiaires s’il y en a.' });
  const key = filePicker({ label: 'Clé privée', name: 'certificate-key', required: true, accept: ['.pem', '.key'], ...rules,
    hint: 'La clé privée, sans mot de passe (« -----BEGIN PRIVATE KEY----- »).' });
  const p12 = filePicker({ label: 'Fichier PKCS#12', name: 'certificate-p12', required: true, accept: ['.p12', '.pfx'], ...rules });
  const password = textField({ label: 'Mot de passe du fichier PKCS#12', name: 'certificate-p12-password', type: 'password',
    autocomplete: 'off', required: false });
  const pemPart = h('div', {}, certificate.root, key.root);
  const p12Part = h('div', { hidden: true }, p12.root, password.root);
  const show = () => {
    pemPart.hidden = !pemChoice.checked;
    p12Part.hidden = pemChoice.checked;
  };
  pemChoice.addEventListener('change', show);
  p12Choice.addEventListener('change', show);

  const send = button('Installer ce certificat', { icon: 'upload', type: 'submit' });
  const form = h('form', { class: 'stack', novalidate: true }, kinds, pemPart, p12Part, h('div', { class: 'actions' }, send), status.root);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void withBusy(send, 'Installation…', async () => {
      status.clear();
      let request: Record<string, string>;
      if (pemChoice.checked) {
        const ok = [certificate.validate(), key.validate()].every(Boolean);
        if (!ok) return;
        request = { certificate: await readText(certificate.files()[0]), key: await readText(key.files()[0]) };
      } else {
        if (!p12.validate()) return;
        request = { pkcs12: await readBase64(p12.files()[0]), password: password.input.value };
      }
      try {
        const c = await app.api.put<CertificateDto>('admin/certificate', request);
        done(c);
        certificate.clear();
        key.clear();
        p12.clear();
        password.input.value = '';
        toast('success', c.restarting ? 'Certificat installé : la box l’utilise dans quelques secondes (rechargez alors la page).'
          : 'Certificat installé : il sera utilisé au prochain démarrage de la box.');
      } catch (e) {
        showProblem(status, e);
      }
    });
  });
  return h('details', { class: 'certificate-replace' },
    h('summary', {}, 'Installer le certificat de l’établissement'),
    h('p', { class: 'hint' }, 'La box vérifie que la clé correspond au certificat et qu’il est en cours de validité ; '
      + 'sinon elle garde l’actuel. Le mot de passe et la clé ne sont ni affichés ni conservés ailleurs que dans la box.'),
    form);
}
