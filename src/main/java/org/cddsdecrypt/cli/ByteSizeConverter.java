package org.cddsdecrypt.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "500M", "2G", "1024": binary multiples. */
final class ByteSizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        long multiplier = 1;
        String suffixes = "KMGT";
        if (!v.isEmpty() && suffixes.indexOf(v.charAt(v.length() - 1)) >= 0) {
            multiplier = 1L << (10 * (suffixes.indexOf(v.charAt(v.length() - 1)) + 1));
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new TypeConversionException("'" + value + "' is negative");
            }
            return Math.multiplyExact(n, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a size such as 500M or 2G");
        }
    }
}
