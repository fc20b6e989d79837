package org.cddsdecrypt.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cddsdecrypt.error.ExitCode;

/** Counts of a batch run's outcomes. */
public record Summary(int done, int skipped, int waiting, int stalled, int failed, int failedEarlier) {
    /** A run with nothing stalled and no earlier failure. */
    public Summary(int done, int skipped, int waiting, int failed) {
        this(done, skipped, waiting, 0, failed, 0);
    }

    static Summary of(Iterable<Outcome> outcomes) {
        int[] n = new int[Outcome.Status.values().length];
        for (Outcome o : outcomes) {
            n[o.status().ordinal()]++;
        }
        return new Summary(
                n[Outcome.Status.DONE.ordinal()],
                n[Outcome.Status.SKIPPED.ordinal()],
                n[Outcome.Status.WAITING.ordinal()],
                n[Outcome.Status.STALLED.ordinal()],
                n[Outcome.Status.FAILED.ordinal()],
                n[Outcome.Status.FAILED_EARLIER.ordinal()]);
    }

    public int exports() {
        return done + skipped + waiting + stalled + failed + failedEarlier;
    }

    /**
     * 8 when any export failed or stalled in this run, else 0: waiting and skipped exports are not failures, nor
     * are the failures already reported by an earlier run.
     */
    public ExitCode exitCode() {
        return failed > 0 || stalled > 0 ? ExitCode.BATCH_FAILURES : ExitCode.OK;
    }

    /**
     * {@code 4 exports: 2 done, 1 skipped, 1 waiting, 0 failed}; {@code N stalled} and {@code N failed earlier} are
     * added when there are any.
     */
    public String line() {
        return exports() + (exports() == 1 ? " export: " : " exports: ") + done + " done, " + skipped + " skipped, "
                + waiting + " waiting, " + (stalled > 0 ? stalled + " stalled, " : "") + failed + " failed"
                + (failedEarlier > 0 ? ", " + failedEarlier + " failed earlier" : "");
    }

    /**
     * {@code {"type":"summary","exports":4,"done":2,"skipped":1,"waiting":1,"stalled":0,"failed":0,
     * "failedEarlier":0,"exitCode":0}}.
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "summary");
        m.put("exports", exports());
        m.put("done", done);
        m.put("skipped", skipped);
        m.put("waiting", waiting);
        m.put("stalled", stalled);
        m.put("failed", failed);
        m.put("failedEarlier", failedEarlier);
        m.put("exitCode", exitCode().code());
        return m;
    }
}
