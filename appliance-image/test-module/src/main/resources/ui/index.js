// The probe module's screen (the test module): a module's UI fragment as the shell loads it.
// The shell imports this file from the catalogue entry's entry point and calls mount(element,
// context); context.api is the shell's API client (session, CSRF token, problem titles), and
// the returned function is called when the person leaves the page.
export function mount(element, context) {
  let live = true;
  const intro = document.createElement('p');
  intro.textContent = 'La sonde de test fonctionne : voici ses notes.';
  const list = document.createElement('ul');
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  element.append(intro, list, status);
  context.api.get('/probe/notes').then((notes) => {
    if (!live) return;
    for (const note of notes.items) {
      const item = document.createElement('li');
      item.textContent = note.text;
      list.append(item);
    }
    status.textContent = notes.items.length === 0 ? 'Aucune note pour le moment.'
      : `${notes.items.length} note${notes.items.length > 1 ? 's' : ''}.`;
  }).catch((problem) => {
    if (live) status.textContent = problem && problem.message ? problem.message : 'Les notes sont indisponibles.';
  });
  return () => { live = false; };
}
