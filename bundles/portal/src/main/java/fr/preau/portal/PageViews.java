package fr.preau.portal;

import fr.preau.api.Profile;
import fr.preau.api.Uai;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How many times the pages of the portal (home, profile, help…) and the modules were opened, per
 * school, day (Paris time) and profile. Nobody is named: the portal keeps counters, never who
 * opened what.
 */
@ProviderType
public interface PageViews {

    /** One page or module over a period: {@code page} is {@code accueil}, {@code module/cahier}…; {@code label} its French name. */
    record PageCount(String page, String label, long views, Map<Profile, Long> byProfile) {
        public PageCount {
            byProfile = Map.copyOf(byProfile);
        }
    }

    /** Days whose counts are kept; older ones are purged. */
    int RETENTION_DAYS = 396;

    /**
     * The pages and modules of {@code school} opened from {@code from} to {@code to} (days included),
     * most opened first (then by label).
     */
    List<PageCount> count(Uai school, LocalDate from, LocalDate to);
}
