import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptMatches, describeAccept, fileProblem, formatSize, rulesHint, selectFiles } from '../src/ui/file-rules.js';

const file = (name: string, size: number, type = '') => ({ name, size, type });
const MO = 1024 * 1024;

test('sizes read the French way', () => {
  assert.equal(formatSize(0), '0 octet');
  assert.equal(formatSize(900), '900 octets');
  assert.equal(formatSize(1536), '1,5 Ko');
  assert.equal(formatSize(20 * MO), '20 Mo');
  assert.equal(formatSize(2.5 * MO), '2,5 Mo');
  assert.equal(formatSize(3 * 1024 * MO), '3 Go');
});

test('accepted types by extension, MIME type or family', () => {
  const accept = ['.pdf', 'image/*', 'application/vnd.oasis.opendocument.text'];
  assert.ok(acceptMatches(file('Devoir.PDF', 10), accept));
  assert.ok(acceptMatches(file('photo.heic', 10, 'image/heic'), accept));
  assert.ok(acceptMatches(file('cours', 10, 'application/vnd.oasis.opendocument.text'), accept));
  assert.ok(!acceptMatches(file('virus.exe', 10, 'application/x-msdownload'), accept));
  assert.ok(!acceptMatches(file('pdf', 10), accept), 'a name without extension is not a .pdf');
  assert.ok(!acceptMatches(file('image.pdf.exe', 10), accept));
  assert.ok(acceptMatches(file('tout.bin', 10), []));
  assert.equal(describeAccept(['.pdf', 'image/*', '.odt']), 'PDF, images ou ODT');
});

test('each refusal says the name and why, in French', () => {
  const rules = { accept: ['.pdf', 'image/*'], maxSize: 5 * MO };
  assert.equal(fileProblem(file('a.pdf', MO, 'application/pdf'), rules), null);
  assert.equal(fileProblem(file('gros.pdf', 12 * MO), rules),
    'il dépasse 5 Mo (il fait 12 Mo). Compressez-le ou choisissez un fichier plus petit.');
  assert.match(fileProblem(file('jeu.exe', 10), rules)!, /type de fichier n’est pas accepté.*PDF ou images/);
  assert.match(fileProblem(file('vide.pdf', 0), rules)!, /vide/);
  const { added, refused } = selectFiles([file('a.pdf', 10), file('gros.pdf', 6 * MO), file('a.pdf', 10)], [], rules);
  assert.deepEqual(added.map((f) => f.name), ['a.pdf']);
  assert.equal(refused[0]!.message, '« gros.pdf » n’a pas été ajouté : il dépasse 5 Mo (il fait 6 Mo). Compressez-le ou choisissez un fichier plus petit.');
  assert.equal(refused[1]!.message, '« a.pdf » n’a pas été ajouté : il est déjà dans la liste.');
});

test('at most maxFiles in the list', () => {
  const r = selectFiles([file('1.txt', 1), file('2.txt', 1), file('3.txt', 1)], [file('0.txt', 1)], { maxFiles: 3 });
  assert.deepEqual(r.added.map((f) => f.name), ['1.txt', '2.txt']);
  assert.match(r.refused[0]!.message, /« 3\.txt ».*3 fichiers au plus/);
  const one = selectFiles([file('1.txt', 1), file('2.txt', 1)], [], { maxFiles: 1 });
  assert.equal(one.added.length, 1);
  assert.match(one.refused[0]!.reason, /un seul fichier/);
  assert.equal(rulesHint({ accept: ['.pdf'], maxSize: 20 * MO, maxFiles: 5 }), 'Formats acceptés : PDF ; 20 Mo au plus par fichier ; 5 fichiers au plus.');
});
