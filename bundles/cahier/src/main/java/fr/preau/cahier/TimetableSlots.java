package fr.preau.cahier;

import fr.preau.api.PersonId;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a timetable module (emploi du temps) to offer a teacher the slots of a class on a
 * day, so that a séance is placed in one click. Without one, the teacher types the hours.
 */
@ConsumerType
public interface TimetableSlots {

    /** A lesson of the timetable. */
    record Slot(LocalTime start, LocalTime end, String label) {
        public Slot {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("a slot ends after it starts");
            }
        }
    }

    /** The slots of {@code teacher} with the class or groupe {@code divisionId} on {@code day}, by start time. */
    List<Slot> slots(PersonId teacher, String divisionId, LocalDate day);
}
