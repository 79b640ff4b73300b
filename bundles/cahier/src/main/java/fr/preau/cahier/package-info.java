/**
 * The cahier de textes as other modules see it: the devoirs (a drop box of the files module links
 * to those to hand in) and the timetable SPI through which a timetable module offers the slots of
 * a class, when one is installed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.preau.cahier;
