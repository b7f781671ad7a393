package io.loa.httpsig;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of RFC 8941 (Structured Field Values) that RFC 9421 and RFC 9530 headers use: a dictionary whose members
 * are items or inner lists, with parameters; items are strings, integers, tokens, byte sequences or booleans
 * (decimals are refused). Parsing is strict as RFC 8941 section 4.2 asks: any fault fails the whole field.
 */
final class StructuredFields {

    /** A token, kept apart from a string because it serializes without quotes. */
    record Token(String text) {}

    /** An item's value (String, Long, Token, byte[] or Boolean) and its parameters, in order. */
    record Item(Object value, Map<String, Object> params) {}

    /** A dictionary member: an item, or an inner list of items, with the member's parameters. */
    record Member(Object value, List<Item> innerList, Map<String, Object> params) {
        boolean isInnerList() {
            return innerList != null;
        }
    }

    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final String input;
    private int at;

    private StructuredFields(String input) {
        this.input = input;
    }

    /** A dictionary, members in order; a repeated key keeps its last value, as RFC 8941 says. */
    static Map<String, Member> dictionary(String field) throws Malformed {
        StructuredFields parser = new StructuredFields(field);
        Map<String, Member> members = new LinkedHashMap<>();
        parser.skip(' ');
        if (parser.done()) {
            return members;
        }
        while (true) {
            String key = parser.key();
            Member member;
            if (parser.peek() == '=') {
                parser.at++;
                member = parser.memberValue();
            } else {
                member = new Member(true, null, parser.params());
            }
            members.put(key, member);
            parser.skipOws();
            if (parser.done()) {
                return members;
            }
            parser.expect(',');
            parser.skipOws();
            if (parser.done()) {
                throw new Malformed("a trailing comma");
            }
        }
    }

    private Member memberValue() throws Malformed {
        if (peek() == '(') {
            at++;
            List<Item> items = new ArrayList<>();
            while (true) {
                skip(' ');
                if (peek() == ')') {
                    at++;
                    return new Member(null, items, params());
                }
                items.add(new Item(bareItem(), params()));
                char next = peek();
                if (next != ' ' && next != ')') {
                    throw new Malformed("an inner list's items are separated by spaces");
                }
            }
        }
        Object value = bareItem();
        return new Member(value, null, params());
    }

    private Map<String, Object> params() throws Malformed {
        Map<String, Object> params = new LinkedHashMap<>();
        while (peek() == ';') {
            at++;
            skip(' ');
            String key = key();
            Object value = true;
            if (peek() == '=') {
                at++;
                value = bareItem();
            }
            params.put(key, value);
        }
        return params;
    }

    private Object bareItem() throws Malformed {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == ':') {
            return bytes();
        }
        if (c == '?') {
            at++;
            char b = next();
            if (b != '0' && b != '1') {
                throw new Malformed("a boolean is ?0 or ?1");
            }
            return b == '1';
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return integer();
        }
        if (c == '*' || (Character.isLetter(c) && c < 128)) {
            int start = at;
            while (!done() && isTokenChar(peek())) {
                at++;
            }
            return new Token(input.substring(start, at));
        }
        throw new Malformed("not an item at " + at);
    }

    private String string() throws Malformed {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '\\') {
                char escaped = next();
                if (escaped != '"' && escaped != '\\') {
                    throw new Malformed("a string escapes only \" and \\");
                }
                out.append(escaped);
            } else if (c == '"') {
                return out.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw new Malformed("a string holds printable ASCII only");
            } else {
                out.append(c);
            }
        }
    }

    private byte[] bytes() throws Malformed {
        at++;
        int end = input.indexOf(':', at);
        if (end < 0) {
            throw new Malformed("an unterminated byte sequence");
        }
        String base64 = input.substring(at, end);
        at = end + 1;
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new Malformed("a byte sequence that is not base64");
        }
    }

    private Long integer() throws Malformed {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        while (!done() && peek() >= '0' && peek() <= '9') {
            at++;
        }
        String digits = input.substring(start, at);
        if (peek() == '.'
                || digits.isEmpty()
                || digits.equals("-")
                || digits.replace("-", "").length() > 15) {
            throw new Malformed("an integer of at most 15 digits, no decimals");
        }
        return Long.parseLong(digits);
    }

    private String key() throws Malformed {
        char first = peek();
        if (!(first == '*' || (first >= 'a' && first <= 'z'))) {
            throw new Malformed("a key starts with a lower-case letter or *");
        }
        int start = at;
        while (!done()) {
            char c = peek();
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') {
                at++;
            } else {
                break;
            }
        }
        return input.substring(start, at);
    }

    private static boolean isTokenChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0);
    }

    private boolean done() {
        return at >= input.length();
    }

    private char peek() {
        return done() ? '\0' : input.charAt(at);
    }

    private char next() throws Malformed {
        if (done()) {
            throw new Malformed("the field ends too soon");
        }
        return input.charAt(at++);
    }

    private void expect(char c) throws Malformed {
        if (next() != c) {
            throw new Malformed("expected '" + c + "' at " + (at - 1));
        }
    }

    private void skip(char c) {
        while (!done() && peek() == c) {
            at++;
        }
    }

    private void skipOws() {
        while (!done() && (peek() == ' ' || peek() == '\t')) {
            at++;
        }
    }

    // Serialization (RFC 8941 section 4.1), for the signature base's @signature-params line.

    static String serializeInnerList(List<Item> items, Map<String, Object> params) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(serializeBare(items.get(i).value()));
            out.append(serializeParams(items.get(i).params()));
        }
        return out.append(')').append(serializeParams(params)).toString();
    }

    static String serializeParams(Map<String, Object> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((key, value) -> {
            out.append(';').append(key);
            if (!Boolean.TRUE.equals(value)) {
                out.append('=').append(serializeBare(value));
            }
        });
        return out.toString();
    }

    static String serializeBare(Object value) {
        if (value instanceof String text) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (value instanceof Token token) {
            return token.text();
        }
        if (value instanceof byte[] bytes) {
            return ':' + Base64.getEncoder().encodeToString(bytes) + ':';
        }
        if (value instanceof Boolean bool) {
            return bool ? "?1" : "?0";
        }
        return String.valueOf(value);
    }
}
