import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formProblems, intervalLabel, outcomeText, problemField, settingsBody, stateText, type LdapForm, type LdapSettings } from '../src/pages/console-ldap.js';

function form(overrides: Partial<LdapForm['values']> = {}, password = '', removePassword = false): LdapForm {
  return {
    values: {
      url: ' ldaps://annuaire.ac-exemple.fr:636 ', startTls: false, bindDn: 'cn=preau,dc=ac-exemple,dc=fr', baseDn: 'dc=ac-exemple,dc=fr',
      structureBase: '', structureFilter: '(objectClass=ENTEtablissement)', subjectBase: '', subjectFilter: '', mefBase: '', mefFilter: '',
      personnelBase: '', personnelFilter: '(objectClass=ENTAuxEnseignant)', responsableBase: '', responsableFilter: '', eleveBase: 'ou=eleves',
      eleveFilter: '(objectClass=ENTEleve)', attributeMapping: '', pageSize: '500', intervalMinutes: '1440', connectTimeoutSeconds: '10',
      readTimeoutSeconds: '60', ...overrides,
    },
    password,
    removePassword,
  };
}

const SETTINGS: LdapSettings = {
  url: 'ldaps://annuaire.ac-exemple.fr:636', startTls: false, bindDn: '', baseDn: 'dc=ac-exemple,dc=fr', structureBase: '',
  structureFilter: '(objectClass=ENTEtablissement)', subjectBase: '', subjectFilter: '', mefBase: '', mefFilter: '', personnelBase: '',
  personnelFilter: '', responsableBase: '', responsableFilter: '', eleveBase: '', eleveFilter: '', attributeMapping: '', pageSize: 500,
  intervalMinutes: 0, connectTimeoutSeconds: 10, readTimeoutSeconds: 60, passwordSet: true,
};

test('the password is sent only when typed, and as "" to remove it', () => {
  const kept = settingsBody(form());
  assert.equal('password' in kept, false, 'left empty: the box keeps the stored one');
  assert.equal(settingsBody(form({}, 'n0uveau')).password, 'n0uveau');
  assert.equal(settingsBody(form({}, ' espaces compris ')).password, ' espaces compris ', 'a password is never trimmed');
  assert.equal(settingsBody(form({}, 'ignoré', true)).password, '', 'removal wins over a typed password');
});

test('the body holds every setting, trimmed, numbers as numbers', () => {
  const body = settingsBody(form());
  assert.equal(body.url, 'ldaps://annuaire.ac-exemple.fr:636');
  assert.equal(body.pageSize, 500);
  assert.equal(body.intervalMinutes, 1440);
  assert.equal(body.readTimeoutSeconds, 60);
  assert.equal(body.startTls, false);
  assert.equal(body.eleveBase, 'ou=eleves');
  assert.deepEqual(Object.keys(body).sort(), Object.keys(SETTINGS).filter((k) => k !== 'passwordSet').sort());
});

test('the browser points at the field to fix before asking the box', () => {
  assert.deepEqual(formProblems(form()), []);
  assert.deepEqual(formProblems(form({ url: '', baseDn: '' })), [], 'an empty address turns the sync off');
  const wrongUrl = formProblems(form({ url: 'http://annuaire.ac-exemple.fr' }));
  assert.equal(wrongUrl[0]?.[0], 'url');
  assert.match(wrongUrl[0]?.[1] ?? '', /ldap:\/\/ ou ldaps:\/\//);
  assert.deepEqual(formProblems(form({ url: 'ldap://a ldap://b:389' })), [], 'several servers, separated by spaces');
  assert.equal(formProblems(form({ baseDn: ' ' }))[0]?.[0], 'baseDn');
  const numbers = formProblems(form({ pageSize: '0', connectTimeoutSeconds: 'dix', readTimeoutSeconds: '2.5' })).map(([k]) => k);
  assert.deepEqual(numbers, ['pageSize', 'connectTimeoutSeconds', 'readTimeoutSeconds']);
});

test('the box’s French objections land on their field', () => {
  assert.equal(problemField('Adresse du serveur LDAP invalide « http://x » : elle doit commencer par ldap:// ou ldaps://'), 'url');
  assert.equal(problemField('Indiquez la base DN de l\'annuaire (par exemple dc=ac-exemple,dc=fr).'), 'baseDn');
  assert.equal(problemField('DN de connexion invalide « x » (attendu : un DN, par exemple ou=eleves,dc=ac-exemple,dc=fr).'), 'bindDn');
  assert.equal(problemField('Filtre LDAP invalide pour les élèves « x » : il doit être entre parenthèses'), 'eleveFilter');
  assert.equal(problemField('Le filtre des établissements est obligatoire : les personnes de l\'annuaire y sont rattachées.'), 'structureFilter');
  assert.equal(problemField('Base des responsables invalide « x »'), 'responsableBase');
  assert.equal(problemField('Correspondance d\'attributs invalide « x »'), 'attributeMapping');
  assert.equal(problemField('La taille des pages doit être comprise entre 1 et 100 000 (reçu : 0).'), 'pageSize');
  assert.equal(problemField('StartTLS s\'utilise avec une adresse ldap:// ; une adresse ldaps:// est déjà chiffrée.'), 'startTls');
  assert.equal(problemField('Vous avez changé l\'adresse du serveur : saisissez à nouveau le mot de passe du compte de lecture.'), 'password');
  assert.equal(problemField('Une erreur inattendue'), null);
});

test('the state and the last sync read as words', () => {
  assert.match(stateText({ configured: false, last: null }, { ...SETTINGS, url: '' }), /^Non configurée/);
  assert.match(stateText({ configured: false, last: null }, SETTINGS), /^Réglages incomplets/);
  assert.equal(stateText({ configured: true, last: null }, SETTINGS), 'Configurée : synchronisation à la demande.');
  assert.equal(stateText({ configured: true, last: null }, { ...SETTINGS, intervalMinutes: 1440 }),
    'Configurée : synchronisation automatique (une fois par jour) et à la demande.');
  assert.equal(intervalLabel(90), 'Toutes les 90 minutes');
  const last = { startedAt: '2026-09-01T06:00:00Z', finishedAt: '2026-09-01T06:01:00Z', ok: true, importId: 'i', message: null };
  assert.equal(outcomeText(last), 'Réussie');
  assert.equal(outcomeText({ ...last, ok: false }), 'Échouée');
  assert.equal(outcomeText({ ...last, finishedAt: null }), 'En cours');
});

test('the journal names the LDAP actions and why a change of settings failed', async () => {
  const { ACTION_LABELS, REASON_LABELS } = await import('../src/pages/console.js');
  assert.equal(ACTION_LABELS['directory.ldap.settings'], 'Réglages de la synchronisation LDAP');
  assert.ok(ACTION_LABELS['directory.ldap.test'] && ACTION_LABELS['directory.ldap.sync']);
  for (const code of ['ldap-settings-invalid', 'ldap-password-required', 'ldap-settings-not-saved']) {
    assert.match(REASON_LABELS[code] ?? '', /LDAP/, code);
  }
});
