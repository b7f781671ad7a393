package io.loa.fediverse;

import java.util.Locale;

/**
 * Whether a client asks a page's URL for its ActivityStreams document instead of HTML (ActivityPub, 3.2): it names
 * {@code application/activity+json}, or {@code application/ld+json} with the ActivityStreams profile or none, at least as
 * gladly as {@code text/html}. Browsers name neither, so they always get the page; Mastodon sends
 * {@code application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"}.
 */
public final class Negotiation {

    private static final int MAX_MEMBERS = 64;

    private Negotiation() {}

    public static boolean wantsActivity(String accept) {
        if (accept == null) {
            return false;
        }
        double activity = 0;
        double html = 0;
        double any = 0;
        String[] members = accept.split(",", MAX_MEMBERS + 1);
        // Only the first members are read: a header of thousands of commas costs no more than one of 64.
        for (int i = 0; i < Math.min(members.length, MAX_MEMBERS); i++) {
            String[] parts = members[i].split(";", -1);
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            // JSON-LD is taken as ActivityStreams unless it names another profile.
            boolean streams = true;
            for (int p = 1; p < parts.length; p++) {
                String parameter = parts[p].strip();
                String lower = parameter.toLowerCase(Locale.ROOT);
                if (lower.startsWith("q=")) {
                    q = weight(parameter.substring(2));
                } else if (lower.startsWith("profile=")) {
                    streams = parameter.contains(ActivityStreams.NAMESPACE);
                }
            }
            switch (type) {
                case "application/activity+json" -> activity = Math.max(activity, q);
                case "application/ld+json" -> activity = streams ? Math.max(activity, q) : activity;
                case "text/html" -> html = Math.max(html, q);
                case "text/*", "*/*" -> any = Math.max(any, q);
                default -> {}
            }
        }
        return activity > 0 && activity >= Math.max(html, any);
    }

    private static double weight(String value) {
        try {
            double q = Double.parseDouble(value.strip());
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
