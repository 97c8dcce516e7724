"""Label sets. The 7-class order is face-api FaceExpressionNet's, so LNLJ is a drop-in replacement."""

FACE_API_7 = ["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"]
AFFECTNET_8 = FACE_API_7 + ["contempt"]

# Other spellings used by datasets / folder layouts, mapped to our names.
ALIASES = {
    "neutral": "neutral", "neutrality": "neutral",
    "happy": "happy", "happiness": "happy", "joy": "happy",
    "sad": "sad", "sadness": "sad",
    "angry": "angry", "anger": "angry",
    "fearful": "fearful", "fear": "fearful",
    "disgusted": "disgusted", "disgust": "disgusted",
    "surprised": "surprised", "surprise": "surprised",
    "contempt": "contempt",
}


def label_set(num_classes):
    if num_classes == 7:
        return list(FACE_API_7)
    if num_classes == 8:
        return list(AFFECTNET_8)
    raise ValueError("num_classes must be 7 or 8, got %r" % num_classes)
