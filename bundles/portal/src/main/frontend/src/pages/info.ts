/**
 * The pages everyone may read, signed in or not: help, legal mentions (written by the referent in
 * the console), accessibility statement.
 */
import type { PageFn, PageResult, App } from '../app.js';
import { h, clear } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { alert, skeleton } from '../ui/kit.js';

export interface LegalMentions {
  host: string;
  hostAddress: string;
  publicationDirector: string;
  contact: string;
  updatedAt: string | null;
}

function infoPage(app: App, title: string, ...content: Node[]): PageResult {
  const signedIn = !!app.session;
  return {
    title,
    layout: signedIn ? 'signed-in' : 'public',
    node: h('div', { class: signedIn ? 'info' : 'card info' }, h('h1', { tabindex: '-1' }, title), ...content,
      signedIn ? null : h('p', {}, h('a', { href: '#/login' }, 'Revenir à la connexion'))),
  };
}

function section(title: string, ...content: Array<Node | string>): HTMLElement {
  return h('section', {}, h('h2', {}, title), ...content.map((c) => (typeof c === 'string' ? h('p', {}, c) : c)));
}

export const helpPage: PageFn = (app) => infoPage(app, 'Aide',
  section('Se connecter',
    'Votre identifiant a la forme prénom.nom, sans accents (par exemple lea.martin). Il est écrit sur la lettre de '
    + 'première connexion remise par l’établissement.'),
  section('Première connexion',
    h('p', {}, 'Sur la page de connexion, choisissez « Première connexion ». Saisissez votre identifiant et le code de la '
      + 'lettre, puis choisissez votre mot de passe. Le code ne sert qu’une fois et a une date limite.')),
  section('Mot de passe oublié',
    'Préau n’envoie pas de courriel. Élèves : demandez une nouvelle lettre à votre professeur principal ou à la vie scolaire. '
    + 'Parents et personnels : adressez-vous au secrétariat ou au référent numérique. La nouvelle lettre porte un nouveau '
    + 'code ; l’ancien ne marche plus.'),
  section('Changer de mot de passe',
    'Dans « Mon compte », rubrique « Changer mon mot de passe ». Choisissez une phrase longue que vous n’utilisez nulle '
    + 'part ailleurs.'),
  section('Compte bloqué',
    'Après plusieurs mots de passe erronés, le compte se bloque quelques minutes pour vous protéger. Patientez, ou '
    + 'demandez au référent numérique de le débloquer.'),
  section('Sur un ordinateur partagé',
    'Pensez à vous déconnecter en partant (bouton « Se déconnecter », en haut de la page).'),
  section('Lire plus facilement',
    'Dans « Mon compte », rubrique « Affichage » : contraste renforcé et texte plus grand. Préau se manie aussi entièrement '
    + 'au clavier (touche Tab).'));

export const legalPage: PageFn = (app) => {
  const body = h('div', {}, skeleton(3));
  app.api.get<LegalMentions>('legal', { authAttempt: true }).then((m) => {
    clear(body);
    const filled = m.host && m.publicationDirector;
    body.append(
      section('Éditeur', filled ? `Ce service est publié par l’établissement. Directrice ou directeur de la publication : ${m.publicationDirector}.`
        : 'Le référent numérique de l’établissement n’a pas encore rempli ces mentions.'),
      section('Hébergement', filled ? `${m.host}, ${m.hostAddress}. Le serveur est installé dans l’établissement : les données `
        + 'y restent et ne sont transmises à personne.' : 'Le serveur de Préau est installé dans l’établissement.'),
      section('Contact', filled ? m.contact : 'Adressez-vous au secrétariat de l’établissement.'),
      section('Données personnelles',
        'Préau traite les données de l’annuaire de l’établissement (noms, classes, liens entre élèves et responsables) pour '
        + 'donner accès aux services numériques de l’établissement. Seul le nécessaire est conservé ; les comptes des '
        + 'personnes qui quittent l’établissement sont désactivés. Vous pouvez demander l’accès à vos données ou leur '
        + 'rectification auprès du chef d’établissement.'),
      m.updatedAt ? h('p', { class: 'hint' }, `Mis à jour le ${new Date(m.updatedAt).toLocaleDateString('fr-FR')}.`) : '');
  }).catch(() => {
    clear(body);
    body.append(alert('warning', 'Les mentions légales n’ont pas pu être chargées. Réessayez dans un instant.'));
  });
  return infoPage(app, 'Mentions légales', body);
};

export const accessibilityPage: PageFn = (app) => infoPage(app, 'Accessibilité',
  section('Déclaration d’accessibilité',
    'L’établissement s’engage à rendre son espace numérique accessible, conformément à l’article 47 de la loi n° 2005-102 '
    + 'du 11 février 2005.'),
  section('État de conformité',
    'Préau est non conforme au référentiel général d’amélioration de l’accessibilité (RGAA 4.1) : aucun audit de conformité '
    + 'n’a encore été réalisé. Chaque version est vérifiée automatiquement (outil axe-core, sur téléphone et sur ordinateur), '
    + 'au clavier, et avec des contrastes conformes au niveau AA.'),
  section('Contenus qui peuvent ne pas être accessibles',
    'Les documents déposés par les utilisateurs (par exemple des fichiers PDF numérisés) peuvent ne pas être accessibles.'),
  section('Retour d’information et contact',
    'Si vous ne pouvez pas accéder à un contenu ou à un service, signalez-le au référent numérique ou au secrétariat de '
    + 'l’établissement : une autre façon d’y accéder vous sera proposée.'),
  section('Voies de recours',
    h('p', {}, 'Si vous n’obtenez pas de réponse satisfaisante, vous pouvez saisir le Défenseur des droits : par son '
      + 'formulaire en ligne, auprès de l’un de ses délégués, ou par courrier gratuit à : Défenseur des droits, Libre réponse '
      + '71120, 75342 Paris CEDEX 07.'),
    h('p', { class: 'hint' }, icon('info', 16), ' Cette déclaration a été établie le 23 novembre 2026.')));
