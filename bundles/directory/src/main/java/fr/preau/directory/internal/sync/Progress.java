package fr.preau.directory.internal.sync;

import fr.preau.directory.ImportRun.Counts;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counts of a running import. Counts of the file being applied are kept apart until its
 * transaction commits (then they join the totals), so a rolled-back file never inflates them.
 */
public final class Progress {

    private final AtomicLong[] committed = newCounters();
    private final AtomicLong[] current = newCounters();
    private volatile String step = "";
    private volatile long total;

    static final int CREATED = 0;
    static final int UPDATED = 1;
    static final int UNCHANGED = 2;
    static final int DEACTIVATED = 3;
    static final int REJECTED = 4;
    static final int IGNORED_ATTRIBUTES = 5;

    private static AtomicLong[] newCounters() {
        AtomicLong[] a = new AtomicLong[6];
        for (int i = 0; i < a.length; i++) {
            a[i] = new AtomicLong();
        }
        return a;
    }

    void count(int which) {
        current[which].incrementAndGet();
    }

    void add(int which, long n) {
        current[which].addAndGet(n);
    }

    /** Counted outside any transaction (file-level rejections). */
    void countCommitted(int which) {
        committed[which].incrementAndGet();
    }

    void commit() {
        for (int i = 0; i < current.length; i++) {
            committed[i].addAndGet(current[i].getAndSet(0));
        }
    }

    void rollback() {
        for (AtomicLong c : current) {
            c.set(0);
        }
    }

    void step(String step) {
        this.step = step;
    }

    void total(long records) {
        this.total = records;
    }

    /** Records of the files to apply, once they have been read (0 before). */
    public long total() {
        return total;
    }

    /** What the import is doing, in French. */
    public String step() {
        return step;
    }

    /** Totals so far, including the file being applied. */
    public Counts counts() {
        return new Counts(v(CREATED), v(UPDATED), v(UNCHANGED), v(DEACTIVATED), v(REJECTED), v(IGNORED_ATTRIBUTES));
    }

    /** Totals of committed work only. */
    public Counts committedCounts() {
        return new Counts(committed[0].get(), committed[1].get(), committed[2].get(), committed[3].get(), committed[4].get(),
                committed[5].get());
    }

    private long v(int i) {
        return committed[i].get() + current[i].get();
    }
}
