package dev.vigia.models.eval;

import java.util.List;

/**
 * Ground truth and detections of one evaluation: images (by id, in ascending id order, as COCO
 * evaluates them), categories (by id, ascending) and the two box sets indexing into both.
 *
 * @param imageIds the images' ids, ascending
 * @param imageNames file names, for messages and plots (may be the id as text)
 * @param categoryIds category ids, ascending
 * @param categoryNames the categories' names, same order
 */
public record Dataset(long[] imageIds, List<String> imageNames, long[] categoryIds, List<String> categoryNames,
        BoxSet groundTruth, BoxSet detections) {

    public int images() {
        return imageIds.length;
    }

    public int categories() {
        return categoryIds.length;
    }
}
