package io.loa.search;

import io.loa.article.SearchSource.Searchable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * Which live articles hold which words, in memory: each article gets a number, each word the set of numbers of the
 * articles it is in (a compressed bitmap), so the articles holding all of a query's words are an intersection of a
 * few sets, and the newest of them a pass over that intersection. Searches share a read lock; writes take it whole.
 */
final class WordIndex {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private long[] published = new long[1024];
    private long[] revisions = new long[1024];
    private final Map<String, RoaringBitmap> postings = new HashMap<>();
    private final RoaringBitmap live = new RoaringBitmap();

    /** The matches of a search: the newest ones asked for, newest first, and how many there are in all. */
    record Hits(List<String> ids, int total) {}

    int size() {
        lock.readLock().lock();
        try {
            return live.getCardinality();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Indexes the article as it is now, replacing what was indexed of it. */
    void put(Searchable article) {
        lock.writeLock().lock();
        try {
            Integer known = numbers.get(article.id());
            int n;
            if (known == null) {
                n = ids.size();
                ids.add(article.id());
                numbers.put(article.id(), n);
                grow(n);
            } else {
                n = known;
                if (revisions[n] >= article.revision()) {
                    return; // read before a newer write that is indexed already
                }
                if (live.contains(n)) {
                    forget(n);
                }
            }
            published[n] = article.published().getEpochSecond();
            revisions[n] = article.revision();
            if (article.live()) {
                for (String word : article.words().split(" ")) {
                    postings.computeIfAbsent(word, w -> new RoaringBitmap()).add(n);
                }
                live.add(n);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Takes the article out of every word's set: its old words are not kept, so every set is looked at. */
    private void forget(int n) {
        live.remove(n);
        for (Iterator<RoaringBitmap> sets = postings.values().iterator(); sets.hasNext(); ) {
            RoaringBitmap set = sets.next();
            if (set.checkedRemove(n) && set.isEmpty()) {
                sets.remove();
            }
        }
    }

    private void grow(int n) {
        if (n >= published.length) {
            published = Arrays.copyOf(published, published.length * 2);
            revisions = Arrays.copyOf(revisions, revisions.length * 2);
        }
    }

    /**
     * The newest live articles holding every one of the words, at most {@code limit}, ordered as feeds are: by
     * publication date, then by id, both descending, so every instance gives the same answer.
     */
    Hits search(List<String> words, int limit) {
        lock.readLock().lock();
        try {
            List<RoaringBitmap> sets = new ArrayList<>();
            for (String word : words) {
                RoaringBitmap set = postings.get(word);
                if (set == null) {
                    return new Hits(List.of(), 0);
                }
                sets.add(set);
            }
            // The smallest set first: every intersection after it is at most that small.
            sets.sort(Comparator.comparingInt(RoaringBitmap::getCardinality));
            RoaringBitmap found =
                    sets.isEmpty() ? new RoaringBitmap() : sets.get(0).clone();
            for (RoaringBitmap set : sets.subList(Math.min(1, sets.size()), sets.size())) {
                found.and(set);
            }
            return new Hits(newest(found, limit), found.getCardinality());
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<String> newest(RoaringBitmap found, int limit) {
        Comparator<Integer> older =
                Comparator.<Integer>comparingLong(n -> published[n]).thenComparing(n -> ids.get(n));
        PriorityQueue<Integer> kept = new PriorityQueue<>(limit + 1, older);
        // The oldest date kept, once the queue is full: a common word matches nearly every article, and most of them
        // are older than it, so they are passed over without boxing or comparing ids.
        long[] floor = {Long.MIN_VALUE};
        found.forEach((int n) -> {
            if (kept.size() < limit) {
                kept.add(n);
            } else if (limit > 0 && published[n] >= floor[0] && older.compare(n, kept.peek()) > 0) {
                kept.poll();
                kept.add(n);
            } else {
                return;
            }
            if (kept.size() == limit) {
                floor[0] = published[kept.peek()];
            }
        });
        String[] newest = new String[kept.size()];
        for (int i = newest.length - 1; i >= 0; i--) {
            newest[i] = ids.get(kept.poll());
        }
        return List.of(newest);
    }
}
