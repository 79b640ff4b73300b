package fr.preau.mail.internal;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Sizes as people read them, in French: « 512 octets », « 20 Ko », « 2,5 Mo ». */
final class Sizes {

    private Sizes() {
    }

    static String french(long bytes) {
        DecimalFormat one = new DecimalFormat("0.#", DecimalFormatSymbols.getInstance(Locale.FRANCE));
        if (bytes < 1024) {
            return bytes + " octets";
        }
        if (bytes < 1024 * 1024) {
            return one.format(bytes / 1024.0) + " Ko";
        }
        return one.format(bytes / (1024.0 * 1024.0)) + " Mo";
    }
}
