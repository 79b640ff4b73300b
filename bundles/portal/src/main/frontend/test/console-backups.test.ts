import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastResultAlert, scheduleText, sizeText, type BackupSettings, type BackupStatus } from '../src/pages/console-backups.js';

const settings: BackupSettings = { folder: '/media/usb', hour: 2, keepDaily: 7, keepWeekly: 4, encrypted: true };

test('sizes as disks are sold, in French', () => {
  assert.equal(sizeText(0), '0 octet');
  assert.equal(sizeText(12_345), '12 ko');
  assert.equal(sizeText(1_234_567), '1,2 Mo');
  assert.equal(sizeText(350_000_000), '350 Mo');
  assert.equal(sizeText(1_200_000_000), '1,2 Go');
});

test('the schedule sentence says when and how long, or what to do first', () => {
  assert.match(scheduleText(settings, null), /^Chaque jour à 02 h 00 ; la box garde la dernière sauvegarde de chacun des 7 derniers jours et de chacune des 4 dernières semaines\.$/);
  assert.match(scheduleText({ ...settings, folder: '' }, null), /choisissez d’abord le dossier/);
  assert.match(scheduleText({ ...settings, hour: -1 }, null), /Aucune sauvegarde automatique/);
});

test('the last result: a failure in French, an old success warned about, none yet', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  const base: BackupStatus = { running: false, phase: null, startedAt: null, last: null, lastScheduled: null };
  assert.equal(lastResultAlert(base, settings, now)?.title, 'Aucune sauvegarde');
  assert.equal(lastResultAlert(base, { ...settings, folder: '' }, now), null);
  const failed = lastResultAlert({ ...base, last: { ok: false, trigger: 'schedule', startedAt: '2026-12-07T01:00:00Z',
    endedAt: '2026-12-07T01:00:02Z', archive: null, bytes: 0, entries: 0, code: 'folder-not-found',
    error: 'Le dossier des sauvegardes « /media/usb » est introuvable.', deleted: 0 } }, settings, now);
  assert.equal(failed?.kind, 'error');
  assert.match(failed!.text, /introuvable/);
  const old = lastResultAlert({ ...base, last: { ok: true, trigger: 'schedule', startedAt: '2026-12-03T01:00:00Z',
    endedAt: '2026-12-03T01:02:00Z', archive: 'preau-0999999Z-20261203-020000.tar', bytes: 5e8, entries: 900, code: null, error: null,
    deleted: 0 } }, settings, now);
  assert.equal(old?.kind, 'warning');
  assert.match(old!.text, /4 jours/);
});
