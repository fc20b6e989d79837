package org.cddsdecrypt.cli;

import java.util.regex.Pattern;

/**
 * Takes what may be a secret out of a message that quotes the command line: a mistyped {@code --passin} (e.g.
 * {@code --pasin=pass:S3CRET}) ends up in picocli's "Unknown option" message, and an error must not print the
 * passphrase on the screen or into a cron mail. Hidden: whatever follows {@code pass:} in an argument, and the value
 * of an option whose name looks like a passphrase option ({@code --pasin X}, {@code --password=X}, {@code -pw X}),
 * unless the value is one of {@code --passin}'s forms that name where the secret is ({@code env:}, {@code file:},
 * {@code fd:}).
 */
final class Redaction {
    static final String HIDDEN = "***";
    private static final Pattern SECRET_OPTION =
            Pattern.compile("(?i)-{1,2}[a-z0-9_-]*(pas|pw|secret|token|cred|pin)[a-z0-9_-]*");
    private static final Pattern NOT_SECRET = Pattern.compile("(?:env|file|fd):.*|-.*");

    private Redaction() {}

    static String redact(String message, String[] args) {
        String result = message;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int pass = arg.indexOf("pass:");
            if (pass >= 0 && pass + 5 < arg.length()) {
                String secret = arg.substring(pass + 5);
                result = result.replace(arg, arg.substring(0, pass + 5) + HIDDEN)
                        .replace("pass:" + secret, "pass:" + HIDDEN)
                        .replace("'" + secret + "'", "'" + HIDDEN + "'");
            }
            int equals = arg.indexOf('=');
            if (equals > 0 && SECRET_OPTION.matcher(arg.substring(0, equals)).matches()) {
                result = hideValue(result, arg.substring(0, equals) + "=", arg.substring(equals + 1));
            } else if (SECRET_OPTION.matcher(arg).matches() && i + 1 < args.length) {
                result = hideValue(result, "", args[i + 1]);
            }
        }
        return result;
    }

    private static String hideValue(String message, String prefix, String value) {
        if (value.isEmpty() || NOT_SECRET.matcher(value).matches()) {
            return message;
        }
        String quoted = message.replace("'" + value + "'", "'" + HIDDEN + "'");
        // Bare, the value is hidden only with its option before it: a short value could be any word of the message.
        return prefix.isEmpty() ? quoted : quoted.replace(prefix + value, prefix + HIDDEN);
    }
}
