package org.cddsdecrypt.error;

import java.io.IOException;
import java.util.function.Function;

/**
 * Base of the tool's failures; each carries its documented exit code.
 *
 * <p>It extends {@link IOException}, deliberately. Most failures are found inside {@code InputStream.read},
 * {@code OutputStream.write} or {@code close} (a bad padding or tag, a CRC or size mismatch, an unsafe entry, a
 * part that changed, a full disk behind a sink) and must cross code that declares only {@code IOException}: the
 * JDK's streams, Commons Compress's zip reader, and the pipeline's own worker threads, which hand a failure to the
 * reading thread as an {@code IOException}. An unchecked exception would cross them too, but the compiler would no
 * longer make callers handle it, and every {@code catch (RuntimeException)} that reports a bug (exit 1) would have
 * to let it out first. The price: code that turns the file system's or a library's {@code IOException} into one of
 * these must not turn ours into another; {@link #ownOr} does that in one place. Where a block both throws ours and
 * calls a library whose failure means "try something else" (key file formats), ours are rethrown first.
 *
 * <p>{@link #in} adds where the failure happened once it is known, as the failure passes the part it happened in;
 * a failure met again for another part is thrown as a new exception (see the export package's part opener).
 */
public abstract class CddsException extends IOException {
    private final ExitCode exitCode;
    private String context;

    protected CddsException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public final ExitCode exitCode() {
        return exitCode;
    }

    /**
     * What to throw for {@code e}, caught where the file system or a library reports trouble: {@code e} itself when
     * it is one of ours (thrown through that code from a stream of ours, it has its exit code and says what failed),
     * else {@code translation} of it.
     */
    public static <E extends Exception> CddsException ownOr(E e, Function<E, ? extends CddsException> translation) {
        return e instanceof CddsException own ? own : translation.apply(e);
    }

    /** Prefixes the message with where the failure happened (a part's file name), once. */
    public CddsException in(String where) {
        if (context == null) {
            context = where;
        }
        return this;
    }

    @Override
    public String getMessage() {
        return context == null ? super.getMessage() : context + ": " + super.getMessage();
    }
}
