package fr.preau.cahier.internal;

import java.util.List;

/** What the REST resource answers and receives (see the module's README for the contract). */
final class Views {

    private Views() {
    }

    record DivisionView(String id, String label, String kind) {
    }

    record SubjectView(String code, String label) {
    }

    record TeachingView(DivisionView classe, SubjectView matiere) {
    }

    record ChildView(String id, String displayName) {
    }

    record YearView(String start, String end) {
    }

    record KindView(String code, String label) {
    }

    /** {@code progressions}: the classes and groupes of past school years the teacher wrote in (sources of « Reprendre une progression »). */
    record ContextView(List<String> profiles, List<TeachingView> teachings, List<DivisionView> divisions, List<ChildView> children,
            YearView schoolYear, int maxDevoirsParJour, boolean canWrite, boolean canVisa, boolean canConfigure, List<KindView> kinds,
            boolean slots, List<DivisionView> progressions) {
    }

    record LinkView(String url, String label) {
    }

    record PieceView(String id, String name, long size, String type, String url) {
    }

    record VisaView(String classeId, String until, String by, String at) {
    }

    record AmendmentView(String at, String author, String texte) {
    }

    record DevoirView(String id, String seanceId, String classe, String classeId, String matiere, String matiereCode, String author,
            String authorId, boolean mine, String pour, String kind, String kindLabel, String instructions, Integer minutes, boolean rendu,
            String publishAt, boolean published, Boolean done, boolean locked, boolean editable, List<AmendmentView> amendements) {
    }

    record SeanceView(String id, String kind, String classe, String classeId, String matiere, String matiereCode, String author,
            String authorId, boolean mine, String date, String debut, String fin, String titre, String contenu, List<LinkView> liens,
            List<PieceView> pieces, List<DevoirView> devoirs, String publishAt, boolean published, VisaView visa, boolean locked,
            boolean editable, List<AmendmentView> amendements) {
    }

    record Items<T>(List<T> items) {
    }

    record DayLoad(String date, int count, int surTable, List<DevoirView> devoirs, List<String> warnings) {
    }

    record Workload(int max, List<DayLoad> days) {
    }

    record CatchUp(List<SeanceView> seances, List<DevoirView> devoirs) {
    }

    record Count(int count) {
    }

    record Settings(Integer maxDevoirsParJour) {
    }

    record SlotView(String debut, String fin, String label) {
    }

    // --- input ---

    record LinkInput(String url, String label) {
    }

    record DevoirInput(String id, String classe, String matiere, String pour, String kind, String instructions, Integer minutes,
            Boolean rendu, String publishAt) {
    }

    record SeanceInput(String classe, String matiere, String kind, String date, String debut, String fin, String titre, String contenu,
            List<LinkInput> liens, String publishAt, List<DevoirInput> devoirs) {
    }

    record CopyInput(String classe, String date, String debut, String fin) {
    }

    record RangeCopyInput(String source, String from, String to, String cible, String debut) {
    }

    record AmendmentInput(String texte) {
    }

    record DoneInput(Boolean done) {
    }

    record VisaInput(String classe, String until) {
    }
}
