/**
 * The annuaire of the box: schools, people and their profiles, classes, and the links between
 * responsables légaux and élèves. Other bundles ask these facts here and nowhere else.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.7.0")
package fr.preau.directory;
