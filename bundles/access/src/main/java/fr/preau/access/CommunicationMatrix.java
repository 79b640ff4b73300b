package fr.preau.access;

import fr.preau.api.Profile;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A school's communication rules as its référent sets them: for each pair of profiles, whether people of the first
 * may write to (or share with) people of the second {@link Reach#ALWAYS always}, {@link Reach#RELATED within their
 * classes} or {@link Reach#NEVER never}; and for each {@link DistributionList}, which profiles may post to it. A cell
 * never set holds the school's default ({@link #defaults()}: the rules the box always had). The référent is not a row:
 * they reach everyone of the box and post to every list.
 *
 * @param write {@code write.get(from).get(to)}, every {@link #SENDERS sender} × every {@link #RECIPIENTS recipient}
 * @param post  {@code post.get(list).get(from)}, every list × every sender
 */
public record CommunicationMatrix(Map<Profile, Map<Profile, Reach>> write, Map<DistributionList, Map<Profile, Reach>> post) {

    /** The profiles whose rights the matrix sets (the référent's are fixed: everything). */
    public static final List<Profile> SENDERS = List.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION,
            Profile.PERSONNEL, Profile.INVITE);
    /** The profiles one writes to. */
    public static final List<Profile> RECIPIENTS = List.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION,
            Profile.PERSONNEL, Profile.REFERENT, Profile.INVITE);

    /** The profiles related to others by the annuaire's classes and family links. */
    private static final Set<Profile> IN_CLASSES = EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT);
    private static final Set<Reach> ALL = EnumSet.allOf(Reach.class);
    private static final Set<Reach> ALWAYS_OR_NEVER = EnumSet.of(Reach.ALWAYS, Reach.NEVER);

    public CommunicationMatrix {
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(post, "post");
        EnumMap<Profile, Map<Profile, Reach>> w = new EnumMap<>(Profile.class);
        for (Profile from : SENDERS) {
            EnumMap<Profile, Reach> row = new EnumMap<>(Profile.class);
            for (Profile to : RECIPIENTS) {
                row.put(to, Objects.requireNonNull(write.getOrDefault(from, Map.of()).get(to), () -> "write " + from + " → " + to));
            }
            w.put(from, java.util.Collections.unmodifiableMap(row));
        }
        EnumMap<DistributionList, Map<Profile, Reach>> p = new EnumMap<>(DistributionList.class);
        for (DistributionList list : DistributionList.values()) {
            EnumMap<Profile, Reach> row = new EnumMap<>(Profile.class);
            for (Profile from : SENDERS) {
                row.put(from, Objects.requireNonNull(post.getOrDefault(list, Map.of()).get(from), () -> "post " + list + " ← " + from));
            }
            p.put(list, java.util.Collections.unmodifiableMap(row));
        }
        write = java.util.Collections.unmodifiableMap(w);
        post = java.util.Collections.unmodifiableMap(p);
    }

    /** Whether {@code from} may write to {@code to} at all, within their classes, or not (the référent: always). */
    public Reach write(Profile from, Profile to) {
        return from == Profile.REFERENT ? Reach.ALWAYS : write.get(from).get(to);
    }

    /** Whether {@code from} may post to {@code list} (the référent: always). */
    public Reach post(DistributionList list, Profile from) {
        return from == Profile.REFERENT ? Reach.ALWAYS : post.get(list).get(from);
    }

    /**
     * The values that mean something for this pair: {@link Reach#RELATED} only between pupils, parents and teachers
     * (the annuaire relates no one else by class).
     */
    public static Set<Reach> choices(Profile from, Profile to) {
        return IN_CLASSES.contains(from) && IN_CLASSES.contains(to) ? ALL : ALWAYS_OR_NEVER;
    }

    /** The values that mean something for posting to this list: {@link Reach#RELATED} only for a class's list, for pupils, parents and teachers. */
    public static Set<Reach> choices(DistributionList list, Profile from) {
        return list.ofDivision() && IN_CLASSES.contains(from) ? ALL : ALWAYS_OR_NEVER;
    }

    /** The school's default rules, those the box applies until the référent changes them (see {@link CommunicationRules}). */
    public static CommunicationMatrix defaults() {
        Map<Profile, Map<Profile, Reach>> write = new EnumMap<>(Profile.class);
        for (Profile from : SENDERS) {
            Map<Profile, Reach> row = new EnumMap<>(Profile.class);
            for (Profile to : RECIPIENTS) {
                row.put(to, defaultWrite(from, to));
            }
            write.put(from, row);
        }
        Map<DistributionList, Map<Profile, Reach>> post = new EnumMap<>(DistributionList.class);
        for (DistributionList list : DistributionList.values()) {
            Map<Profile, Reach> row = new EnumMap<>(Profile.class);
            for (Profile from : SENDERS) {
                row.put(from, defaultPost(list, from));
            }
            post.put(list, row);
        }
        return new CommunicationMatrix(write, post);
    }

    /** This matrix with one writing cell changed. */
    public CommunicationMatrix withWrite(Profile from, Profile to, Reach reach) {
        Map<Profile, Map<Profile, Reach>> w = new EnumMap<>(Profile.class);
        write.forEach((f, row) -> w.put(f, new EnumMap<>(row)));
        w.get(Objects.requireNonNull(from)).put(Objects.requireNonNull(to), Objects.requireNonNull(reach));
        return new CommunicationMatrix(w, post);
    }

    /** This matrix with one posting cell changed. */
    public CommunicationMatrix withPost(DistributionList list, Profile from, Reach reach) {
        Map<DistributionList, Map<Profile, Reach>> p = new EnumMap<>(DistributionList.class);
        post.forEach((l, row) -> p.put(l, new EnumMap<>(row)));
        p.get(Objects.requireNonNull(list)).put(Objects.requireNonNull(from), Objects.requireNonNull(reach));
        return new CommunicationMatrix(write, p);
    }

    private static Reach defaultWrite(Profile from, Profile to) {
        switch (from) {
            case ENSEIGNANT, DIRECTION, PERSONNEL:
                return Reach.ALWAYS;
            case ELEVE:
                return switch (to) {
                    case ELEVE, PARENT, ENSEIGNANT -> Reach.RELATED;
                    case DIRECTION, PERSONNEL, REFERENT -> Reach.ALWAYS;
                    default -> Reach.NEVER;
                };
            case PARENT:
                return switch (to) {
                    case ELEVE, ENSEIGNANT -> Reach.RELATED;
                    case DIRECTION, PERSONNEL, REFERENT -> Reach.ALWAYS;
                    default -> Reach.NEVER;
                };
            case INVITE:
                return switch (to) {
                    case ENSEIGNANT, DIRECTION, PERSONNEL, REFERENT -> Reach.ALWAYS;
                    default -> Reach.NEVER;
                };
            default:
                return Reach.ALWAYS;
        }
    }

    private static Reach defaultPost(DistributionList list, Profile from) {
        switch (from) {
            case DIRECTION, PERSONNEL:
                return Reach.ALWAYS;
            case ENSEIGNANT:
                return list.ofDivision() ? Reach.RELATED : Reach.ALWAYS;
            case ELEVE:
                return list == DistributionList.CLASS_PUPILS || list == DistributionList.CLASS_TEACHERS ? Reach.RELATED : Reach.NEVER;
            case PARENT:
                return list == DistributionList.CLASS_TEACHERS ? Reach.RELATED : Reach.NEVER;
            default:
                return Reach.NEVER;
        }
    }
}
