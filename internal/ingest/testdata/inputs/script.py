print("not a review")
